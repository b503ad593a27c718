/**
 * The v4 signature packet (RFC 4880 section 5.2.3; RFC 9580 section 5.2.3) and its trailer. What a
 * v4 signature hashes is the signed data, then the "hashed part" of the packet (version, type,
 * algorithms, hashed subpackets), then 0x04 0xFF and the hashed part's length in four octets
 * (section 5.2.4). The signer builds the hashed part itself: only the signed data's hash state
 * comes from outside.
 */
import { concatBytes } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { PACKET_TAG, mpi, packet, u16, u32 } from './packets.ts';
import { fingerprint, keyId, publicKeyAlgorithm } from './public-key.ts';
import type { OpenPgpPublicKey } from './public-key.ts';
import { KEY_FLAG, SUBPACKET, creationTimeSubpacket, issuerFingerprintSubpacket, issuerKeyIdSubpacket, subpacket } from './subpackets.ts';

/** Signature types (section 5.2.1) the signer makes. */
export const SIGNATURE_TYPE = { binary: 0x00, text: 0x01, positiveCertification: 0x13 } as const;
export type SignatureType = (typeof SIGNATURE_TYPE)[keyof typeof SIGNATURE_TYPE];

/** Hash algorithm 8: SHA-256 (section 9.4). */
export const HASH_SHA256 = 8;

/** A signature not yet signed: the hashed part and the unhashed subpackets that follow it. */
export interface UnsignedSignature {
  readonly type: SignatureType;
  readonly keyKind: OpenPgpPublicKey['kind'];
  readonly hashedPart: Uint8Array;
  readonly unhashedSubpackets: Uint8Array;
}

function unsigned(key: OpenPgpPublicKey, type: SignatureType, created: number, extra: readonly Uint8Array[]): UnsignedSignature {
  const hashed = concatBytes(creationTimeSubpacket(created), issuerFingerprintSubpacket(fingerprint(key)), ...extra);
  if (hashed.length > 0xffff) throw new ProtocolError('TOO_LARGE', 'hashed subpackets over 65535 bytes');
  const hashedPart = concatBytes(Uint8Array.of(4, type, publicKeyAlgorithm(key), HASH_SHA256), u16(hashed.length), hashed);
  return { type, keyKind: key.kind, hashedPart, unhashedSubpackets: issuerKeyIdSubpacket(keyId(key)) };
}

/** A detached signature over a file (type 0x00): creation time and issuer fingerprint, hashed. */
export function binarySignature(key: OpenPgpPublicKey, created: number): UnsignedSignature {
  return unsigned(key, SIGNATURE_TYPE.binary, created, []);
}

/** A signature over canonical text (type 0x01, section 5.2.1): what a cleartext-signed message carries. */
export function textSignature(key: OpenPgpPublicKey, created: number): UnsignedSignature {
  return unsigned(key, SIGNATURE_TYPE.text, created, []);
}

/** The self-signature over the user ID (type 0x13): adds key flags (certify, sign) and SHA-256 as the preferred hash. */
export function selfSignature(key: OpenPgpPublicKey, created: number): UnsignedSignature {
  return unsigned(key, SIGNATURE_TYPE.positiveCertification, created, [
    subpacket(SUBPACKET.keyFlags, Uint8Array.of(KEY_FLAG.certify | KEY_FLAG.sign)),
    subpacket(SUBPACKET.preferredHashes, Uint8Array.of(HASH_SHA256)),
  ]);
}

/** What is hashed after the signed data: the hashed part, 0x04 0xFF, its length. */
export function signatureTrailer(sig: UnsignedSignature): Uint8Array {
  return concatBytes(sig.hashedPart, Uint8Array.of(4, 0xff), u32(sig.hashedPart.length));
}

/**
 * The finished packet: hashed part, unhashed subpackets, the digest's first two octets, the
 * signature MPIs (RSA: one; ECDSA: r and s from the token's raw r||s, never DER).
 */
export function signaturePacket(sig: UnsignedSignature, digest: Uint8Array, signature: Uint8Array): Uint8Array {
  if (digest.length !== 32) throw new ProtocolError('BAD_ARGUMENT', `a SHA-256 digest is 32 bytes, got ${digest.length}`, { fields: ['digest'] });
  let values: Uint8Array;
  if (sig.keyKind === 'rsa') values = mpi(signature);
  else {
    if (signature.length !== 64) throw new ProtocolError('BAD_ARGUMENT', `a raw P-256 ECDSA signature is r||s of 64 bytes, got ${signature.length}`, { fields: ['signature'] });
    values = concatBytes(mpi(signature.subarray(0, 32)), mpi(signature.subarray(32)));
  }
  return packet(PACKET_TAG.signature, concatBytes(sig.hashedPart, u16(sig.unhashedSubpackets.length), sig.unhashedSubpackets, digest.subarray(0, 2), values));
}
