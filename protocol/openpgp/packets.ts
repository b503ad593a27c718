/**
 * OpenPGP packet framing and multiprecision integers (RFC 4880 sections 3.2 and 4.2; RFC 9580
 * sections 3.2 and 4.2). Packets are written in the new (OpenPGP) format, which both gpg and sq read.
 */
import { ProtocolError } from '../errors.ts';
import { concatBytes } from '../bytes.ts';

export const PACKET_TAG = {
  signature: 2,
  publicKey: 6,
  userId: 13,
} as const;

/** A new-format packet header (section 4.2.2): one, two or five length octets. */
export function packet(tag: number, body: Uint8Array): Uint8Array {
  const n = body.length;
  let length: Uint8Array;
  if (n < 192) length = Uint8Array.of(n);
  else if (n < 8384) length = Uint8Array.of(((n - 192) >> 8) + 192, (n - 192) & 0xff);
  else length = Uint8Array.of(0xff, n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  return concatBytes(Uint8Array.of(0xc0 | tag), length, body);
}

/** An MPI (section 3.2): the bit count in two octets, then the big-endian value without leading zeros. */
export function mpi(magnitude: Uint8Array): Uint8Array {
  let at = 0;
  while (at < magnitude.length && magnitude[at] === 0) at++;
  const value = magnitude.subarray(at);
  if (value.length === 0) return Uint8Array.of(0, 0);
  const bits = (value.length - 1) * 8 + (32 - Math.clz32(value[0]!));
  if (bits > 0xffff) throw new ProtocolError('TOO_LARGE', `an MPI of ${bits} bits does not fit its two-octet length`);
  return concatBytes(Uint8Array.of(bits >> 8, bits & 0xff), value);
}

export function u16(value: number): Uint8Array {
  return Uint8Array.of((value >>> 8) & 0xff, value & 0xff);
}

export function u32(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new ProtocolError('BAD_ARGUMENT', `${String(value)} is not a 32-bit unsigned number`);
  return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}
