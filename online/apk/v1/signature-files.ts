/**
 * MANIFEST.MF and the .SF file for v1 signing. MANIFEST.MF lists the SHA-256 of every covered
 * entry, sorted by name; the .SF lists the SHA-256 of MANIFEST.MF and of each of its sections.
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

function sha256Base64(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('base64');
}

const SHORT_PRINTABLE = /^[ -~]{0,66}$/;

/** A "Name:" + "SHA-256-Digest:" section; written directly when the name fits one line (nearly always). */
function digestSection(name: string, digestBase64: string): string {
  if (SHORT_PRINTABLE.test(name)) return `Name: ${name}\r\nSHA-256-Digest: ${digestBase64}\r\n\r\n`;
  return section([['Name', name], ['SHA-256-Digest', digestBase64]]);
}

/** `digests` maps entry names to the SHA-256 of their uncompressed content. */
export function buildV1Files(digests: ReadonlyMap<string, Uint8Array>, apkSignedSchemes: readonly number[]): V1Files {
  const names = [...digests.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const main = section([['Manifest-Version', '1.0'], ['Created-By', CREATED_BY]]);
  const sections = names.map((name) => digestSection(name, Buffer.from(digests.get(name)!).toString('base64')));
  // Sections are latin1 text (one character per byte): one buffer, each section's digest over its slice.
  const manifest = Buffer.from(main + sections.join(''), 'latin1');
  let at = main.length;
  const sfSections = names.map((name, i) => {
    const length = sections[i]!.length;
    const digest = sha256Base64(manifest.subarray(at, at + length));
    at += length;
    return digestSection(name, digest);
  });
  // The main-attributes digest protects MANIFEST.MF's main section too when a verifier falls back to checking section by section.
  const sfMain: [string, string][] = [
    ['Signature-Version', '1.0'], ['Created-By', CREATED_BY], ['SHA-256-Digest-Manifest', sha256Base64(manifest)],
    ['SHA-256-Digest-Manifest-Main-Attributes', sha256Base64(manifest.subarray(0, main.length))],
  ];
  if (apkSignedSchemes.length > 0) sfMain.push(['X-Android-APK-Signed', apkSignedSchemes.join(', ')]);
  return { manifest, signatureFile: Buffer.from(section(sfMain) + sfSections.join(''), 'latin1') };
}
