/**
 * buildToBeSigned against apksigner itself: apksigner signs a real APK, and the bytes we build from
 * its content digest and certificate must equal the signed data it wrote, byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { verify } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import type { SigningItem } from '../../../protocol/messages/index.ts';
import { buildToBeSigned, derChildren, readDer, TAG, v1SignedAttributes } from '../../../protocol/signing/index.ts';
import { readSigners } from '../../support/apk-blocks.ts';
import { REAL_APK } from '../../support/sample-apks.ts';
import { testKey } from '../../support/software-keys.ts';
import type { TestKeyKind } from '../../support/software-keys.ts';

const base = { key: 0, artifact: 'apk', name: 'io.appium.settings', versionCode: 192, versionName: '8.0.10', sha256: new Uint8Array(32) } as const;

function apksignerSign(kind: TestKeyKind): ReturnType<typeof readSigners> {
  const key = testKey(kind);
  const out = join(mkdtempSync(join(tmpdir(), 'airsign-tbs-')), 'signed.apk');
  execFileSync('apksigner', ['sign', '--key', key.keyPath, '--cert', key.certPath, '--out', out, REAL_APK]);
  return readSigners(out);
}

describe('buildToBeSigned', () => {
  it.each([
    ['rsa3072', 0x0103, 32],
    ['rsa4096', 0x0104, 64],
    ['ec256', 0x0201, 32],
  ] as const)('builds the v2 and v3 signed data apksigner wrote with a %s key', (kind, algorithm, digestLength) => {
    const { v2, v3 } = apksignerSign(kind);
    expect(v2 && v3).toBeTruthy();
    expect(v2!.algorithm).toBe(algorithm);
    expect(v2!.contentDigest.length).toBe(digestLength);
    const item: SigningItem = {
      ...base,
      schemes: ['v2', 'v3'],
      v2v3: { contentDigest: new Uint8Array(v2!.contentDigest), v3MinSdk: v3!.minSdk!, v3MaxSdk: v3!.maxSdk! },
    };
    const tbs = buildToBeSigned(item, testKey(kind).certificateDer);
    expect(tbs.map((t) => t.scheme)).toEqual(['v2', 'v3']);
    expect(toHex(tbs[0]!.data)).toBe(v2!.signedData.toString('hex'));
    expect(toHex(tbs[1]!.data)).toBe(v3!.signedData.toString('hex'));
    // And apksigner's signature verifies over our bytes with the hash we name.
    for (const [i, parts] of [v2!, v3!].entries()) {
      expect(verify(tbs[i]!.hash, tbs[i]!.data, testKey(kind).privateKey, parts.signatures[0]!.signature)).toBe(true);
    }
  });

  it('leaves out the stripping-protection attribute when v3 is not signed', () => {
    const contentDigest = new Uint8Array(32).fill(7);
    const cert = testKey('rsa3072').certificateDer;
    const withV3 = buildToBeSigned({ ...base, schemes: ['v2', 'v3'], v2v3: { contentDigest, v3MinSdk: 28, v3MaxSdk: 0x7fffffff } }, cert);
    const v2only = buildToBeSigned({ ...base, schemes: ['v2'], v2v3: { contentDigest, v3MinSdk: 28, v3MaxSdk: 0x7fffffff } }, cert);
    expect(v2only).toHaveLength(1);
    expect(withV3[0]!.data.length - v2only[0]!.data.length).toBe(12);
    expect(toHex(withV3[0]!.data)).toContain('0c000000080000000df0efbe03000000');
  });

  it('builds v1 signed attributes: content type data and the .SF digest, nothing else', () => {
    const sfDigest = new Uint8Array(32).fill(0xab);
    const jar: SigningItem = { key: 0, artifact: 'jar', name: 'entry.jar', timestamp: 1767225600000, indexVersion: '', sha256: new Uint8Array(32), schemes: ['v1'], v1: { digestAlgorithm: 'sha256', sfDigest } };
    const [tbs] = buildToBeSigned(jar, testKey('ec256').certificateDer);
    expect(tbs).toMatchObject({ scheme: 'v1', method: 'ecdsa-sha256', algorithm: 0x0201, hash: 'sha256', keyKind: 'ec' });
    expect(toHex(tbs!.data)).toBe(toHex(v1SignedAttributes(sfDigest)));
    const attrs = derChildren(readDer(tbs!.data, TAG.SET));
    expect(attrs.map((a) => toHex(a.der))).toEqual([
      '301806092a864886f70d010903310b06092a864886f70d010701',
      '302f06092a864886f70d01090431220420' + 'ab'.repeat(32),
    ]);
  });

  it('uses SHA-256 for v1 even with a 4096-bit key', () => {
    const [tbs] = buildToBeSigned({ ...base, schemes: ['v1'], v1: { digestAlgorithm: 'sha256', sfDigest: new Uint8Array(32) } }, testKey('rsa4096').certificateDer);
    expect(tbs).toMatchObject({ method: 'rsa-pkcs1-sha256', algorithm: 0x0103, hash: 'sha256', keyKind: 'rsa' });
  });

  it.each([
    ['v1 with v2 in one round', { schemes: ['v1', 'v2'], v1: { digestAlgorithm: 'sha256', sfDigest: new Uint8Array(32) }, v2v3: { contentDigest: new Uint8Array(32), v3MinSdk: 28, v3MaxSdk: 28 } }],
    ['v2 without its fields', { schemes: ['v2'] }],
    ['v1 fields without v1', { schemes: ['v2'], v1: { digestAlgorithm: 'sha256', sfDigest: new Uint8Array(32) }, v2v3: { contentDigest: new Uint8Array(32), v3MinSdk: 28, v3MaxSdk: 28 } }],
    ['a SHA-512 digest for a 3072-bit key', { schemes: ['v2'], v2v3: { contentDigest: new Uint8Array(64), v3MinSdk: 28, v3MaxSdk: 28 } }],
    ['an SDK range upside down', { schemes: ['v3'], v2v3: { contentDigest: new Uint8Array(32), v3MinSdk: 30, v3MaxSdk: 29 } }],
    ['a scheme twice', { schemes: ['v2', 'v2'], v2v3: { contentDigest: new Uint8Array(32), v3MinSdk: 28, v3MaxSdk: 28 } }],
    ['v2 for a JAR', { artifact: 'jar', name: 'entry.jar', timestamp: 1, indexVersion: '', schemes: ['v2'], v2v3: { contentDigest: new Uint8Array(32), v3MinSdk: 28, v3MaxSdk: 28 } }],
    ['a JAR without v1 fields', { artifact: 'jar', name: 'entry.jar', timestamp: 1, indexVersion: '', schemes: ['v1'] }],
  ])('refuses %s', (_name, fields) => {
    const item = { ...base, ...fields } as SigningItem;
    expect(() => buildToBeSigned(item, testKey('rsa3072').certificateDer)).toThrow(expect.objectContaining({ code: 'SCHEMA' }));
  });

  it('refuses an item of a kind it does not know, by name, rather than treating it as another kind', () => {
    const item = { ...base, artifact: 'zip', schemes: ['v2'], v2v3: { contentDigest: new Uint8Array(32), v3MinSdk: 28, v3MaxSdk: 28 } } as unknown as SigningItem;
    expect(() => buildToBeSigned(item, testKey('rsa3072').certificateDer)).toThrow(expect.objectContaining({ code: 'UNKNOWN_KIND', fields: ['artifact'] }));
  });

  it('refuses SHA-1 for v1: no SHA-1 signature is ever made', () => {
    const item: SigningItem = { ...base, schemes: ['v1'], v1: { digestAlgorithm: 'sha1', sfDigest: new Uint8Array(20) } };
    expect(() => buildToBeSigned(item, testKey('rsa3072').certificateDer)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });

  it('refuses a key it cannot sign APKs with', () => {
    const item: SigningItem = { ...base, schemes: ['v2'], v2v3: { contentDigest: new Uint8Array(32), v3MinSdk: 28, v3MaxSdk: 28 } };
    expect(() => buildToBeSigned(item, testKey('ec384').certificateDer)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });
});
