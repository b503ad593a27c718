/**
 * MANIFEST.MF and the .SF file for v1 signing. MANIFEST.MF lists the digest of every covered
 * entry, sorted by name; the .SF lists the digest of MANIFEST.MF and of each of its sections. The
 * digest is SHA-256, or SHA-1 for APKs whose minSdk is below 18, as apksigner chooses (Android
 * before 4.3 reads SHA1-Digest only).
 * The .SF also carries the digest of MANIFEST.MF's main section, as jarsigner writes it.
 * For an APK that v2/v3 will also sign, X-Android-APK-Signed names those schemes, so a platform
 * that knows them refuses the APK if their signatures are stripped.
 */
import { createHash } from 'node:crypto';
import { section } from './jar-manifest.ts';

const CREATED_BY = '1.0 (airsign)';

export interface V1Files {
  readonly manifest: Buffer;
  readonly signatureFile: Buffer;
}

export type V1Digest = 'sha1' | 'sha256';

/** The attribute-name prefix of each digest, as java.util.jar and apksig write them. */
const PREFIX: Record<V1Digest, string> = { sha1: 'SHA1', sha256: 'SHA-256' };

function digestBase64(algorithm: V1Digest, bytes: Uint8Array): string {
  return createHash(algorithm).update(bytes).digest('base64');
}

const SHORT_PRINTABLE = /^[ -~]{0,66}$/;

/** A "Name:" + "SHA-256-Digest:" section; written directly when the name fits one line (nearly always). */
function digestSection(name: string, attribute: string, value: string): string {
  if (SHORT_PRINTABLE.test(name)) return `Name: ${name}\r\n${attribute}: ${value}\r\n\r\n`;
  return section([['Name', name], [attribute, value]]);
}

/** `digests` maps entry names to the `algorithm` digest of their uncompressed content. */
export function buildV1Files(digests: ReadonlyMap<string, Uint8Array>, apkSignedSchemes: readonly number[], algorithm: V1Digest = 'sha256'): V1Files {
  const attribute = `${PREFIX[algorithm]}-Digest`;
  const names = [...digests.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const main = section([['Manifest-Version', '1.0'], ['Created-By', CREATED_BY]]);
  const sections = names.map((name) => digestSection(name, attribute, Buffer.from(digests.get(name)!).toString('base64')));
  // Sections are latin1 text (one character per byte): one buffer, each section's digest over its slice.
  const manifest = Buffer.from(main + sections.join(''), 'latin1');
  let at = main.length;
  const sfSections = names.map((name, i) => {
    const length = sections[i]!.length;
    const digest = digestBase64(algorithm, manifest.subarray(at, at + length));
    at += length;
    return digestSection(name, attribute, digest);
  });
  // The main-attributes digest protects MANIFEST.MF's main section too when a verifier falls back to checking section by section.
  const sfMain: [string, string][] = [
    ['Signature-Version', '1.0'], ['Created-By', CREATED_BY], [`${attribute}-Manifest`, digestBase64(algorithm, manifest)],
    [`${attribute}-Manifest-Main-Attributes`, digestBase64(algorithm, manifest.subarray(0, main.length))],
  ];
  if (apkSignedSchemes.length > 0) sfMain.push(['X-Android-APK-Signed', apkSignedSchemes.join(', ')]);
  let signatureFile = section(sfMain) + sfSections.join('');
  // As apksigner does: java.util.jar of Android 1.6 and older fails on a .SF whose length is a multiple of 1024.
  if (signatureFile.length % 1024 === 0) signatureFile += '\r\n';
  return { manifest, signatureFile: Buffer.from(signatureFile, 'latin1') };
}
