/**
 * The .SF that crosses the link whole (minSdk below 19): what the signer accepts (the .SF our
 * online side writes, and the one apksigner itself writes) and each hostile form it refuses, with
 * its problem code, before any byte is signed.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildToBeSigned, checkSignatureFile, MAX_SIGNATURE_FILE_BYTES } from '../../../protocol/signing/index.ts';
import type { SignatureFileDigest } from '../../../protocol/signing/index.ts';
import { SF_CHUNK_BYTES, signatureFileBytes, signatureFileChunks } from '../../../protocol/kinds/index.ts';
import { SigningItem } from '../../../protocol/messages/index.ts';
import { buildV1Files } from '../../../online/apk/v1/signature-files.ts';
import { openArchive } from '../../../online/apk/zip/zip-archive.ts';
import { readEntryBytes } from '../../../online/apk/zip/entry-data.ts';
import { testKey, testKeystore } from '../../support/software-keys.ts';
import { scratchDir } from '../../support/tools.ts';
import { buildTestApk } from '../../support/zip-builder.ts';

const digest = (algorithm: SignatureFileDigest, data: Uint8Array) => new Uint8Array(createHash(algorithm).update(data).digest());

/** A .SF as the online side writes it, for `count` entries, with its MANIFEST.MF's digest. */
function ourSf(algorithm: SignatureFileDigest, count = 3, schemes: number[] = [2, 3]): { sf: Buffer; manifestDigest: Uint8Array } {
  const digests = new Map<string, Uint8Array>();
  for (let i = 0; i < count; i++) digests.set(i === 0 ? 'AndroidManifest.xml' : `res/raw/file-${i}.bin`, digest(algorithm, Buffer.from(`entry ${i}`)));
  const files = buildV1Files(digests, schemes, algorithm);
  return { sf: files.signatureFile, manifestDigest: digest(algorithm, files.manifest) };
}

function problemOf(sf: Uint8Array, algorithm: SignatureFileDigest, manifestDigest: Uint8Array): string | undefined {
  try {
    checkSignatureFile(sf, algorithm, manifestDigest);
  } catch (e) {
    expect(e).toMatchObject({ name: 'ProtocolError', code: 'BAD_SIGNATURE_FILE' });
    const problem = (e as { problem: string }).problem;
    expect((e as Error).message.startsWith(`${problem}: `)).toBe(true);
    return problem;
  }
  return undefined;
}

/** The .SF with `from` replaced by `to` (latin1 text, one character per byte). */
function edited(sf: Buffer, from: string | RegExp, to: string): Buffer {
  const text = sf.toString('latin1');
  const out = text.replace(from, to);
  expect(out).not.toBe(text);
  return Buffer.from(out, 'latin1');
}

describe('the .SF a v1 round without signed attributes signs', () => {
  it('accepts the .SF the online side writes, in SHA-1 and SHA-256, and says what it asserts', () => {
    for (const algorithm of ['sha1', 'sha256'] as const) {
      const { sf, manifestDigest } = ourSf(algorithm, 500);
      const summary = checkSignatureFile(sf, algorithm, manifestDigest);
      expect(summary).toMatchObject({ digestAlgorithm: algorithm, entries: 500, apkSignedSchemes: [2, 3], createdBy: '1.0 (airsign)' });
      expect(summary.manifestDigest).toEqual(manifestDigest);
    }
    const { sf, manifestDigest } = ourSf('sha1', 2, []);
    expect(checkSignatureFile(sf, 'sha1', manifestDigest).apkSignedSchemes).toEqual([]);
  });

  it("accepts the .SF apksigner writes for minSdk 14 (SHA-1) and 18 (SHA-256)", () => {
    const dir = scratchDir('sf-apksigner');
    const key = testKey('rsa2048');
    const keystore = testKeystore(key);
    const unsigned = join(dir, 'unsigned.apk');
    writeFileSync(unsigned, buildTestApk({ minSdk: 14 }));
    for (const [minSdk, algorithm] of [[14, 'sha1'], [18, 'sha256']] as const) {
      const out = join(dir, `signed-${minSdk}.apk`);
      execFileSync('apksigner', ['sign', '--ks', keystore, '--ks-pass', 'pass:secret', '--min-sdk-version', String(minSdk), '--v1-signer-name', 'CERT', '--out', out, unsigned], { stdio: 'pipe' });
      const archive = openArchive(out);
      try {
        const sf = readEntryBytes(archive.file, archive.entry('META-INF/CERT.SF')!, 1 << 20);
        const manifest = readEntryBytes(archive.file, archive.entry('META-INF/MANIFEST.MF')!, 1 << 20);
        const summary = checkSignatureFile(sf, algorithm, digest(algorithm, manifest));
        expect(summary.entries).toBe(archive.entries.filter((e) => !e.name.endsWith('/') && !/^META-INF\/[^/]*\.(SF|RSA|MF)$/.test(e.name)).length);
        expect(summary.apkSignedSchemes).toEqual([2, 3]);
      } finally {
        archive.file.close();
      }
    }
  });

  it('signs the .SF bytes themselves, SHA-1 with RSA below 18, and refuses SHA-1 with an EC key', () => {
    const { sf, manifestDigest } = ourSf('sha1');
    const item = { artifact: 'apk' as const, name: 'org.example.old', versionCode: 1, versionName: '1', sha256: new Uint8Array(32), schemes: ['v1' as const], v1Sf: { digestAlgorithm: 'sha1' as const, manifestDigest, signatureFile: signatureFileChunks(sf) } };
    const [tbs] = buildToBeSigned(item, testKey('rsa3072').certificateDer);
    expect(tbs).toMatchObject({ scheme: 'v1', method: 'rsa-pkcs1-sha1', hash: 'sha1', keyKind: 'rsa' });
    expect(Buffer.from(tbs!.data).equals(sf)).toBe(true);
    expect(() => buildToBeSigned(item, testKey('ec256').certificateDer)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    const sha256 = ourSf('sha256');
    const [ec] = buildToBeSigned({ ...item, v1Sf: { digestAlgorithm: 'sha256', manifestDigest: sha256.manifestDigest, signatureFile: signatureFileChunks(sha256.sf) } }, testKey('ec256').certificateDer);
    expect(ec).toMatchObject({ method: 'ecdsa-sha256', hash: 'sha256' });
    // Both v1 forms in one item, or neither with v1 asked for, is not an item.
    expect(() => buildToBeSigned({ ...item, v1: { digestAlgorithm: 'sha256', sfDigest: new Uint8Array(32) } }, testKey('rsa3072').certificateDer)).toThrow(expect.objectContaining({ code: 'SCHEMA' }));
  });

  it('carries the .SF in full pieces of the encoding\'s longest string, cut one way only', () => {
    const { sf, manifestDigest } = ourSf('sha256', 300);
    const chunks = signatureFileChunks(sf);
    expect(chunks.length).toBe(Math.ceil(sf.length / SF_CHUNK_BYTES));
    expect(Buffer.from(signatureFileBytes({ signatureFile: chunks })).equals(sf)).toBe(true);
    const item = (signatureFile: Uint8Array[]) => ({ key: 0, artifact: 'apk', name: 'org.example.old', versionCode: 1, versionName: '1', sha256: new Uint8Array(32), schemes: ['v1'], v1Sf: { digestAlgorithm: 'sha256', manifestDigest, signatureFile } });
    expect(SigningItem.safeParse(item(chunks)).success).toBe(true);
    // The same bytes cut otherwise are not an item: one .SF, one encoding.
    expect(SigningItem.safeParse(item([sf.subarray(0, 100), sf.subarray(100)])).success).toBe(false);
    expect(SigningItem.safeParse(item([])).success).toBe(false);
  });

  it('refuses each hostile .SF with its code', () => {
    const { sf, manifestDigest } = ourSf('sha256');
    const check = (bytes: Uint8Array, md = manifestDigest, algorithm: SignatureFileDigest = 'sha256') => problemOf(bytes, algorithm, md);
    expect(check(sf)).toBeUndefined();
    // Extra main attributes: anything beyond the five a signature file has.
    expect(check(edited(sf, 'Created-By: 1.0 (airsign)\r\n', 'Created-By: 1.0 (airsign)\r\nX-Evil: sign me\r\n'))).toBe('SF_MAIN_ATTRIBUTE');
    expect(check(edited(sf, 'Created-By: 1.0 (airsign)\r\n', 'Created-By: 1.0 (airsign)\r\nCreated-By: again\r\n'))).toBe('SF_MAIN_ATTRIBUTE');
    expect(check(edited(sf, 'Signature-Version: 1.0', 'Signature-Version: 2.0'))).toBe('SF_MAIN_ATTRIBUTE');
    expect(check(edited(sf, 'X-Android-APK-Signed: 2, 3', 'X-Android-APK-Signed: 2, 3, 9'))).toBe('SF_MAIN_ATTRIBUTE');
    expect(check(edited(sf, /SHA-256-Digest-Manifest: [^\r]*\r\n/, ''))).toBe('SF_MISSING_ATTRIBUTE');
    expect(check(edited(sf, 'Signature-Version: 1.0\r\nCreated-By: 1.0 (airsign)', 'Created-By: 1.0 (airsign)\r\nSignature-Version: 1.0'))).toBe('SF_MISSING_ATTRIBUTE');
    // A section with unknown attributes, or without its digest.
    expect(check(edited(sf, /(Name: res\/raw\/file-1\.bin\r\nSHA-256-Digest: [^\r]*\r\n)/, '$1X-Payload: AAAA\r\n'))).toBe('SF_SECTION_ATTRIBUTE');
    expect(check(edited(sf, /Name: res\/raw\/file-1\.bin\r\nSHA-256-Digest: [^\r]*\r\n/, 'Name: res/raw/file-1.bin\r\nX-Payload: AAAA\r\n'))).toBe('SF_SECTION_ATTRIBUTE');
    expect(check(edited(sf, /(Name: res\/raw\/file-1\.bin\r\n)SHA-256-Digest: [^\r]*\r\n/, '$1'))).toBe('SF_SECTION_ATTRIBUTE');
    // Binary junk: control bytes, a NUL, a bare LF, bytes after the end, bad UTF-8.
    expect(check(Buffer.concat([sf, Buffer.from([0x00, 0xff, 0x10, 0x80])]))).toBe('SF_NOT_TEXT');
    expect(check(edited(sf, 'Created-By: 1.0 (airsign)', 'Created-By: 1.0 \x01(airsign)'))).toBe('SF_NOT_TEXT');
    expect(check(edited(sf, 'Created-By: 1.0 (airsign)\r\n', 'Created-By: 1.0 (airsign)\n'))).toBe('SF_NOT_TEXT');
    expect(check(Buffer.concat([sf, Buffer.from('Name: trailing')]))).toBe('SF_BAD_LINE');
    expect(check(edited(sf, 'Name: res/raw/file-1.bin', 'Name: res/raw/file-\xff\xfe.bin'))).toBe('SF_NOT_TEXT');
    expect(check(new Uint8Array(4096).map((_, i) => (i * 131 + 7) & 0xff))).toBe('SF_NOT_TEXT');
    // Oversized: over the byte limit, or a line longer than 72 bytes, or more sections than allowed.
    expect(check(Buffer.concat([sf, Buffer.alloc(MAX_SIGNATURE_FILE_BYTES, 0x41)]))).toBe('SF_TOO_LARGE');
    expect(check(edited(sf, 'Name: res/raw/file-1.bin', `Name: res/raw/${'x'.repeat(80)}.bin`))).toBe('SF_BAD_LINE');
    const many = ourSf('sha1', 20_001);
    expect(problemOf(many.sf, 'sha1', many.manifestDigest)).toBe('SF_TOO_LARGE');
    // Duplicate names, and names v1 never lists.
    expect(check(edited(sf, 'Name: res/raw/file-2.bin', 'Name: res/raw/file-1.bin'))).toBe('SF_DUPLICATE_NAME');
    expect(check(edited(sf, 'Name: res/raw/file-2.bin', 'Name: META-INF/OTHER.SF'))).toBe('SF_BAD_NAME');
    expect(check(edited(sf, 'Name: res/raw/file-2.bin', 'Name: res/raw/'))).toBe('SF_BAD_NAME');
    // A manifest digest that does not match the item's, a digest in another algorithm, a digest of the wrong size.
    expect(check(sf, digest('sha256', Buffer.from('another manifest')))).toBe('SF_MANIFEST_DIGEST_MISMATCH');
    expect(check(sf, digest('sha1', Buffer.from('x')), 'sha1')).toBe('SF_BAD_DIGEST');
    expect(check(edited(sf, /(Name: res\/raw\/file-1\.bin\r\nSHA-256-Digest: )[^\r]*/, '$1AAAA'))).toBe('SF_BAD_DIGEST');
    // Empty lines where a section should start, a file that is only a main section, an empty file.
    expect(check(edited(sf, 'Name: res/raw/file-1.bin', '\r\nName: res/raw/file-1.bin'))).toBe('SF_BAD_LINE');
    expect(check(Buffer.from(sf.toString('latin1').split('\r\n\r\n')[0] + '\r\n\r\n', 'latin1'))).toBe('SF_NO_ENTRIES');
    expect(check(new Uint8Array(0))).toBe('SF_MISSING_ATTRIBUTE');
  });

  it("takes apksig's extra line break only where apksig writes one (a .SF of a multiple of 1024 bytes)", () => {
    // Find a count whose .SF needed the extra CRLF (the writer adds it as apksig does).
    for (let count = 1; count < 400; count++) {
      const { sf, manifestDigest } = ourSf('sha256', count);
      if ((sf.length - 2) % 1024 !== 0) continue;
      expect(checkSignatureFile(sf, 'sha256', manifestDigest).entries).toBe(count);
      expect(problemOf(sf.subarray(0, sf.length - 2), 'sha256', manifestDigest)).toBeUndefined();
      return;
    }
    // No count in range needed it: an extra empty line elsewhere is still refused.
    const { sf, manifestDigest } = ourSf('sha256');
    expect(problemOf(Buffer.concat([sf, Buffer.from('\r\n')]), 'sha256', manifestDigest)).toBe('SF_BAD_LINE');
  });
});
