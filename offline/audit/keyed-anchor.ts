/**
 * The keyed anchor: the audit head, signed in the token. A plain anchor is a file anyone who can
 * write the state directory can rewrite together with the chain; a keyed one needs the token and
 * its PIN. The signer signs the head after every batch that signed anything, with the first key
 * that batch signed with (every token can sign; not every token has HMAC), and `audit verify`
 * checks it against that key's certificate.
 *
 * What is signed is a statement no APK or JAR signature can be confused with: APK v2/v3 sign a
 * "signed data" block that begins with a little-endian length (here "airs", about 1.9 GB, longer
 * than the whole statement), and v1 signs a .SF file that begins "Signature-Version:".
 */
import { X509Certificate, verify } from 'node:crypto';
import { z } from 'zod';
import { ecdsaRawToDer } from '../../protocol/signing/index.ts';
import { sha256Bytes, sha256Hex } from '../digest.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { TokenConnection } from '../pkcs11/token.ts';
import type { Anchor } from './scan.ts';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const KeyedPart = z.strictObject({
  seq: z.number().int().min(1),
  head: hex64,
  /** SHA-256 of the certificate of the key that signed. */
  key: hex64,
  signature: z.string().regex(/^[A-Za-z0-9+/]+={0,2}$/).max(2048),
});
export type KeyedPart = z.infer<typeof KeyedPart>;

/** The exact bytes the token signs for an anchor. */
export function anchorStatement(anchor: Anchor): Uint8Array {
  return new Uint8Array(Buffer.from(`airsign-audit-anchor/v1\nseq ${anchor.seq}\nhead ${anchor.head}\n`, 'ascii'));
}

/** Signs the head with `key` on the token; undefined (the caller warns) when the token cannot. */
export function signAnchor(token: TokenConnection, key: TokenKey, anchor: Anchor): KeyedPart | { error: string } {
  if (key.privateKey === undefined || key.keyType === undefined || key.fingerprint === undefined) return { error: 'the key has no private half or certificate here' };
  const data = anchorStatement(anchor);
  const ec = key.keyType.kind === 'ec';
  let raw: Uint8Array | undefined;
  const failure = token.signBatch([{ privateKey: key.privateKey, keyType: key.keyType, hash: 'sha256', data, digest: ec ? sha256Bytes(data) : undefined }], (_, r) => (raw = r));
  if (failure !== undefined || raw === undefined) return { error: failure?.error.message ?? 'no signature' };
  const signature = ec ? ecdsaRawToDer(raw) : raw;
  return { seq: anchor.seq, head: anchor.head, key: Buffer.from(key.fingerprint).toString('hex'), signature: Buffer.from(signature).toString('base64') };
}

/** Whether `certificate` (DER) is the anchor's key and its signature over the statement holds. */
export function keyedAnchorHolds(keyed: KeyedPart, certificate: Uint8Array): boolean {
  if (sha256Hex(certificate) !== keyed.key) return false;
  try {
    const publicKey = new X509Certificate(certificate).publicKey;
    return verify('sha256', anchorStatement(keyed), publicKey, Buffer.from(keyed.signature, 'base64'));
  } catch {
    return false;
  }
}
