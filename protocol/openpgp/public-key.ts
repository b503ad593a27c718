/**
 * The v4 public-key packet (RFC 4880 section 5.5.2; RFC 9580 section 5.5.2) for the two kinds of
 * key the signer holds: RSA (algorithm 1, MPIs n and e) and ECDSA over NIST P-256 (algorithm 19,
 * the curve OID with its length octet, then the uncompressed point as an MPI; RFC 6637 section 9),
 * and its fingerprint and key ID (section 12.2: SHA-1 over 0x99, a two-octet length and the body).
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { concatBytes } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { PACKET_TAG, mpi, packet, u16, u32 } from './packets.ts';

export const PUBLIC_KEY_ALGORITHM = { rsa: 1, ecdsa: 19 } as const;

/** DER OID 1.2.840.10045.3.1.7 without tag and length (RFC 6637 section 11). */
const P256_OID = Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07);

export type OpenPgpPublicKey =
  | { readonly kind: 'rsa'; readonly n: Uint8Array; readonly e: Uint8Array; readonly created: number }
  | { readonly kind: 'ec'; readonly point: Uint8Array; readonly created: number };

export function publicKeyAlgorithm(key: OpenPgpPublicKey): number {
  return key.kind === 'rsa' ? PUBLIC_KEY_ALGORITHM.rsa : PUBLIC_KEY_ALGORITHM.ecdsa;
}

/** The packet's body: version 4, creation time, algorithm, key material. */
export function publicKeyBody(key: OpenPgpPublicKey): Uint8Array {
  const head = concatBytes(Uint8Array.of(4), u32(key.created), Uint8Array.of(publicKeyAlgorithm(key)));
  if (key.kind === 'rsa') return concatBytes(head, mpi(key.n), mpi(key.e));
  if (key.point.length !== 65 || key.point[0] !== 0x04) throw new ProtocolError('BAD_ARGUMENT', `a P-256 public key is an uncompressed point of 65 bytes, got ${key.point.length}`, { fields: ['point'] });
  return concatBytes(head, Uint8Array.of(P256_OID.length), P256_OID, mpi(key.point));
}

export function publicKeyPacket(key: OpenPgpPublicKey): Uint8Array {
  return packet(PACKET_TAG.publicKey, publicKeyBody(key));
}

/** What a signature over a key hashes for it (section 5.2.4): 0x99, the body's length, the body. */
export function keyHashPrefix(key: OpenPgpPublicKey): Uint8Array {
  const body = publicKeyBody(key);
  if (body.length > 0xffff) throw new ProtocolError('TOO_LARGE', 'a public-key body over 65535 bytes');
  return concatBytes(Uint8Array.of(0x99), u16(body.length), body);
}

/** The v4 fingerprint: 20 bytes. */
export function fingerprint(key: OpenPgpPublicKey): Uint8Array {
  return sha1(keyHashPrefix(key));
}

/** The key ID: the low 64 bits of the fingerprint. */
export function keyId(key: OpenPgpPublicKey): Uint8Array {
  return fingerprint(key).subarray(12);
}
