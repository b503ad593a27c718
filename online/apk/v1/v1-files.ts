/**
 * Which entries v1 (JAR) signing covers and which belong to the signature itself. Mirrors the JAR
 * specification as Android applies it: signature files are the direct children of META-INF/ named
 * MANIFEST.MF, *.SF, *.RSA, *.DSA, *.EC or SIG-*; every other file entry has a manifest digest.
 */
export const MANIFEST_NAME = 'META-INF/MANIFEST.MF';
/** Our signer's file base name: META-INF/AIRSIGN.SF and META-INF/AIRSIGN.RSA (or .EC). */
export const SIGNER_BASE_NAME = 'AIRSIGN';

export function isV1SignatureFile(name: string): boolean {
  if (!name.startsWith('META-INF/')) return false;
  const file = name.slice('META-INF/'.length);
  if (file.includes('/')) return false;
  const upper = file.toUpperCase();
  return upper === 'MANIFEST.MF' || upper.endsWith('.SF') || upper.endsWith('.RSA') || upper.endsWith('.DSA') || upper.endsWith('.EC') || upper.startsWith('SIG-');
}

/** Entries whose digests MANIFEST.MF must list. */
export function isV1Covered(name: string): boolean {
  return !name.endsWith('/') && !isV1SignatureFile(name);
}

export function v1SignatureFileNames(keyKind: 'rsa' | 'ec'): { sf: string; block: string } {
  return { sf: `META-INF/${SIGNER_BASE_NAME}.SF`, block: `META-INF/${SIGNER_BASE_NAME}.${keyKind === 'rsa' ? 'RSA' : 'EC'}` };
}
