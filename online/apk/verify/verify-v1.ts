/**
 * v1 (JAR) verification, as apksigner and the JAR specification do it: each signature block
 * (META-INF/X.RSA, .EC or .DSA) signs its X.SF, directly or through signed attributes; the .SF
 * vouches for MANIFEST.MF as a whole or section by section; MANIFEST.MF holds the digest of every
 * entry; every entry outside the signature files is listed. X-Android-APK-Signed in a .SF names
 * schemes whose signatures must be present.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { bytesEqual } from '../../../protocol/bytes.ts';
import { certificateFields, decodeOid, derChildren, OID, readDer, TAG, V1_SIGNED_ATTRIBUTES_MIN_SDK } from '../../../protocol/signing/index.ts';
import { ApkError } from '../errors.ts';
import { parseManifest } from '../v1/jar-manifest.ts';
import type { ParsedManifest } from '../v1/jar-manifest.ts';
import { parseSignatureBlock } from '../v1/pkcs7.ts';
import type { ParsedSignerInfo } from '../v1/pkcs7.ts';
import { isV1Covered, MANIFEST_NAME } from '../v1/v1-files.ts';
import { digestEntry, digestSmallEntry, isSmallEntry, readEntryBytes } from '../zip/entry-data.ts';
import type { ZipArchive } from '../zip/zip-archive.ts';
import type { ProblemList } from './report.ts';

const MAX_META_FILE = 64 * 1024 * 1024;
const DIGESTS: Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'> = {
  SHA1: 'sha1', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512',
};
const DIGEST_OIDS: Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'> = {
  '1.3.14.3.2.26': 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512',
};

export interface V1Result {
  readonly present: boolean;
  readonly verified: boolean;
  readonly certificates: readonly Uint8Array[];
  /** Scheme ids named by X-Android-APK-Signed. */
  readonly apkSignedSchemes: readonly number[];
}

function hash(algorithm: string, data: Uint8Array): Buffer {
  return createHash(algorithm).update(data).digest();
}

/** `<ALG>-<suffix>` attributes of a section whose algorithm we know, e.g. SHA-256-Digest. */
function digestAttributes(attributes: ReadonlyMap<string, string>, suffix: string): { algorithm: string; value: Buffer }[] {
  const out: { algorithm: string; value: Buffer }[] = [];
  for (const [name, value] of attributes) {
    if (!name.endsWith(suffix)) continue;
    const algorithm = DIGESTS[name.slice(0, -suffix.length).toUpperCase()];
    if (algorithm !== undefined) out.push({ algorithm, value: Buffer.from(value, 'base64') });
  }
  return out;
}

function matches(attributes: ReadonlyMap<string, string>, suffix: string, data: Uint8Array): boolean | undefined {
  const claims = digestAttributes(attributes, suffix);
  if (claims.length === 0) return undefined;
  return claims.every((c) => bytesEqual(hash(c.algorithm, data), c.value));
}

function signedAttributeValue(attrs: Uint8Array, oid: string): Uint8Array | undefined {
  for (const attr of derChildren(readDer(attrs, TAG.SET, 'signed attributes'))) {
    const [type, values] = derChildren(attr);
    if (type !== undefined && values !== undefined && decodeOid(type) === oid) return derChildren(values)[0]?.der;
  }
  return undefined;
}

/** Checks one signer's PKCS#7 block against its .SF bytes; returns its certificate. */
function checkSignatureBlock(blockName: string, block: Uint8Array, sf: Uint8Array, minSdk: number): Uint8Array {
  const parsed = parseSignatureBlock(block, blockName);
  const info: ParsedSignerInfo | undefined = parsed.signerInfos[0];
  if (info === undefined) throw new Error('no SignerInfo');
  const cert = parsed.certificates.find((c) => {
    const f = certificateFields(c);
    return bytesEqual(f.issuer, info.issuer) && bytesEqual(f.serialNumber, info.serialNumber);
  });
  if (cert === undefined) throw new Error('the signer certificate is not in the block');
  const digest = DIGEST_OIDS[info.digestAlgorithm];
  if (digest === undefined) throw new Error(`digest algorithm ${info.digestAlgorithm} is not supported`);
  let signed: Uint8Array = sf;
  if (info.signedAttributes !== undefined) {
    if (minSdk < V1_SIGNED_ATTRIBUTES_MIN_SDK) throw new Error(`signed attributes are not verified below API level ${V1_SIGNED_ATTRIBUTES_MIN_SDK}`);
    const contentType = signedAttributeValue(info.signedAttributes, OID.CONTENT_TYPE);
    if (contentType === undefined || decodeOid(readDer(contentType, TAG.OID)) !== OID.DATA) throw new Error('signed attributes lack content type data');
    const messageDigest = signedAttributeValue(info.signedAttributes, OID.MESSAGE_DIGEST);
    if (messageDigest === undefined || !bytesEqual(readDer(messageDigest, TAG.OCTET_STRING).content, hash(digest, sf))) throw new Error('the .SF digest in the signed attributes does not match');
    signed = info.signedAttributes;
  }
  const key = createPublicKey({ key: Buffer.from(certificateFields(cert).subjectPublicKeyInfo), format: 'der', type: 'spki' });
  if (!verify(digest, signed, key, info.signature)) throw new Error('signature does not verify');
  return cert;
}

/** Checks a .SF file against MANIFEST.MF; returns the entry names it signs. */
function checkSignatureFile(sfName: string, sf: ParsedManifest, manifestBytes: Buffer, manifest: ParsedManifest): Set<string> {
  const whole = matches(sf.main.attributes, '-Digest-Manifest', manifestBytes);
  if (whole !== true) {
    if (matches(sf.main.attributes, '-Digest-Manifest-Main-Attributes', manifest.main.raw) === false) throw new Error('the digest of the manifest main section does not match');
    for (const [name, section] of sf.entries) {
      const target = manifest.entries.get(name);
      if (target === undefined) throw new Error(`${name} is in ${sfName} but not in the manifest`);
      if (matches(section.attributes, '-Digest', target.raw) !== true) throw new Error(`the digest of the manifest section of ${name} does not match`);
    }
  }
  return new Set(sf.entries.keys());
}

async function checkEntries(archive: ZipArchive, manifest: ParsedManifest, signedBy: readonly Set<string>[], problems: ProblemList): Promise<void> {
  for (const entry of archive.entriesByOffset) {
    if (!isV1Covered(entry.name)) continue;
    const section = manifest.entries.get(entry.name);
    if (section === undefined || signedBy.some((names) => !names.has(entry.name))) {
      problems.add('ENTRY_NOT_SIGNED', `${entry.name} is not signed by v1`, 'v1');
      continue;
    }
    const claims = digestAttributes(section.attributes, '-Digest');
    if (claims.length === 0) {
      problems.add('ENTRY_NOT_SIGNED', `${entry.name} has no digest in the manifest`, 'v1');
      continue;
    }
    let actual: Buffer[];
    try {
      const algorithms = claims.map((c) => c.algorithm);
      actual = isSmallEntry(entry) ? digestSmallEntry(archive.file, entry, algorithms) : await digestEntry(archive.file, entry, algorithms);
    } catch (e) {
      // Data that does not inflate, or fails its CRC, does not match its digest either.
      if (!(e instanceof ApkError) || e.code !== 'CORRUPT_ENTRY') throw e;
      problems.add('DIGEST_MISMATCH', e.message, 'v1');
      continue;
    }
    if (!claims.every((c, i) => bytesEqual(actual[i]!, c.value))) problems.add('DIGEST_MISMATCH', `${entry.name} does not match its manifest digest`, 'v1');
  }
  for (const name of manifest.entries.keys()) {
    if (archive.entry(name) === undefined) problems.add('DIGEST_MISMATCH', `the manifest lists ${name}, which is not in the archive`, 'v1');
  }
}

export async function verifyV1(archive: ZipArchive, minSdk: number, problems: ProblemList): Promise<V1Result> {
  const blocks = archive.entries.filter((e) => /^META-INF\/[^/]+\.(RSA|DSA|EC)$/i.test(e.name));
  const manifestEntry = archive.entry(MANIFEST_NAME);
  if (blocks.length === 0 || manifestEntry === undefined) return { present: false, verified: false, certificates: [], apkSignedSchemes: [] };
  const before = problems.items.length;
  const certificates: Uint8Array[] = [];
  const signedBy: Set<string>[] = [];
  const apkSigned = new Set<number>();
  try {
    const manifestBytes = readEntryBytes(archive.file, manifestEntry, MAX_META_FILE);
    const manifest = parseManifest(manifestBytes, MANIFEST_NAME);
    for (const block of blocks) {
      const sfName = block.name.replace(/\.[^.]+$/, '.SF');
      const sfEntry = archive.entries.find((e) => e.name.toUpperCase() === sfName.toUpperCase());
      try {
        if (sfEntry === undefined) throw new Error(`no ${sfName} for it`);
        const sfBytes = readEntryBytes(archive.file, sfEntry, MAX_META_FILE);
        certificates.push(checkSignatureBlock(block.name, readEntryBytes(archive.file, block, MAX_META_FILE), sfBytes, minSdk));
        const sf = parseManifest(sfBytes, sfEntry.name);
        signedBy.push(checkSignatureFile(sfEntry.name, sf, manifestBytes, manifest));
        for (const id of (sf.main.attributes.get('X-Android-APK-Signed') ?? '').split(',')) if (/^\s*\d+\s*$/.test(id)) apkSigned.add(Number(id));
      } catch (e) {
        if (e instanceof ApkError && e.code !== 'VERIFY_FAILED') throw e;
        problems.add('BAD_SIGNATURE', `${block.name}: ${(e as Error).message}`, 'v1');
      }
    }
    if (problems.items.length === before) await checkEntries(archive, manifest, signedBy, problems);
  } catch (e) {
    if (!(e instanceof ApkError)) throw e;
    problems.add(e.code === 'VERIFY_FAILED' ? 'MALFORMED_SIGNATURE' : 'MALFORMED', e.message, 'v1');
  }
  return { present: true, verified: problems.items.length === before, certificates, apkSignedSchemes: [...apkSigned].sort() };
}
