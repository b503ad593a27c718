/** Signature subpackets (RFC 4880 section 5.2.3.1; RFC 9580 section 5.2.3.7), the few the signer writes. */
import { concatBytes } from '../bytes.ts';
import { u32 } from './packets.ts';

export const SUBPACKET = {
  creationTime: 2,
  issuerKeyId: 16,
  preferredHashes: 21,
  keyFlags: 27,
  issuerFingerprint: 33,
} as const;

/** Key flags (section 5.2.3.21): may certify other keys, may sign data. */
export const KEY_FLAG = { certify: 0x01, sign: 0x02 } as const;

/** One subpacket: its length (type octet included), the type, the data. */
export function subpacket(type: number, data: Uint8Array): Uint8Array {
  const n = data.length + 1;
  const length = n < 192 ? Uint8Array.of(n) : n < 8384 ? Uint8Array.of(((n - 192) >> 8) + 192, (n - 192) & 0xff) : concatBytes(Uint8Array.of(0xff), u32(n));
  return concatBytes(length, Uint8Array.of(type), data);
}

export function creationTimeSubpacket(seconds: number): Uint8Array {
  return subpacket(SUBPACKET.creationTime, u32(seconds));
}

/** Issuer fingerprint: the key version (4) and its 20-byte fingerprint. */
export function issuerFingerprintSubpacket(fingerprint: Uint8Array): Uint8Array {
  return subpacket(SUBPACKET.issuerFingerprint, concatBytes(Uint8Array.of(4), fingerprint));
}

export function issuerKeyIdSubpacket(keyId: Uint8Array): Uint8Array {
  return subpacket(SUBPACKET.issuerKeyId, keyId);
}
