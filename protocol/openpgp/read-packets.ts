/**
 * Reading OpenPGP packets (RFC 4880 section 4.2; RFC 9580 section 4.2), new and old format, with
 * definite lengths only (what gpg, sq and export-openpgp write for keys and signatures), and the v4
 * public-key packet of the two kinds of key airsign holds (RSA, ECDSA P-256). Bounded: every length
 * is checked against what is left before anything is read.
 */
import { bytesEqual } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { PUBLIC_KEY_ALGORITHM } from './public-key.ts';
import type { OpenPgpPublicKey } from './public-key.ts';

export interface Packet {
  readonly tag: number;
  readonly body: Uint8Array;
}

const truncated = (what: string) => new ProtocolError('TRUNCATED', `OpenPGP: ${what} runs past the end`);

function header(data: Uint8Array, at: number): { tag: number; start: number; length: number } {
  const first = data[at]!;
  if ((first & 0x80) === 0) throw new ProtocolError('BAD_TYPE', `OpenPGP: byte ${at} is not a packet header`);
  if (first & 0x40) {
    const tag = first & 0x3f;
    const a = data[at + 1];
    if (a === undefined) throw truncated('a packet header');
    if (a < 192) return { tag, start: at + 2, length: a };
    if (a < 224) {
      const b = data[at + 2];
      if (b === undefined) throw truncated('a packet header');
      return { tag, start: at + 3, length: ((a - 192) << 8) + b + 192 };
    }
    if (a === 255) {
      if (at + 6 > data.length) throw truncated('a packet header');
      return { tag, start: at + 6, length: ((data[at + 2]! << 24) >>> 0) + (data[at + 3]! << 16) + (data[at + 4]! << 8) + data[at + 5]! };
    }
    throw new ProtocolError('UNSUPPORTED', 'OpenPGP: partial body lengths are not read here');
  }
  const tag = (first >> 2) & 0x0f;
  const type = first & 3;
  if (type === 3) throw new ProtocolError('UNSUPPORTED', 'OpenPGP: indeterminate lengths are not read here');
  const n = 1 << type;
  if (at + 1 + n > data.length) throw truncated('a packet header');
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + data[at + 1 + i]!;
  return { tag, start: at + 1 + n, length };
}

export function readPackets(data: Uint8Array, max = 1000): Packet[] {
  const packets: Packet[] = [];
  let at = 0;
  while (at < data.length) {
    if (packets.length >= max) throw new ProtocolError('TOO_LARGE', `OpenPGP: more than ${max} packets`);
    const { tag, start, length } = header(data, at);
    if (start + length > data.length) throw truncated(`packet ${packets.length + 1}`);
    packets.push({ tag, body: data.subarray(start, start + length) });
    at = start + length;
  }
  return packets;
}

function readMpi(body: Uint8Array, at: number): { value: Uint8Array; next: number } {
  if (at + 2 > body.length) throw truncated('an MPI');
  const bits = (body[at]! << 8) | body[at + 1]!;
  const n = Math.ceil(bits / 8);
  if (at + 2 + n > body.length) throw truncated('an MPI');
  return { value: body.slice(at + 2, at + 2 + n), next: at + 2 + n };
}

const P256_OID = Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07);

/** A v4 public-key packet's body (section 5.5.2) as the key it holds. */
export function readPublicKeyBody(body: Uint8Array): OpenPgpPublicKey {
  if (body.length < 6) throw truncated('a public key');
  if (body[0] !== 4) throw new ProtocolError('UNSUPPORTED', `OpenPGP: a version ${body[0]} key; airsign reads version 4`);
  const created = ((body[1]! << 24) >>> 0) + (body[2]! << 16) + (body[3]! << 8) + body[4]!;
  const algorithm = body[5];
  if (algorithm === PUBLIC_KEY_ALGORITHM.rsa) {
    const n = readMpi(body, 6);
    const e = readMpi(body, n.next);
    return { kind: 'rsa', n: n.value, e: e.value, created };
  }
  if (algorithm === PUBLIC_KEY_ALGORITHM.ecdsa) {
    const oidLength = body[6];
    if (oidLength === undefined || 7 + oidLength > body.length) throw truncated('a curve OID');
    if (!bytesEqual(body.subarray(7, 7 + oidLength), P256_OID)) throw new ProtocolError('UNSUPPORTED', 'OpenPGP: an ECDSA key on a curve other than P-256');
    return { kind: 'ec', point: readMpi(body, 7 + oidLength).value, created };
  }
  throw new ProtocolError('UNSUPPORTED', `OpenPGP: public-key algorithm ${String(algorithm)}; airsign reads RSA (1) and ECDSA (19)`);
}

/** The primary key of a certificate (the first public-key packet). */
export function certificatePrimaryKey(data: Uint8Array): OpenPgpPublicKey {
  const first = readPackets(data)[0];
  if (first?.tag !== 6) throw new ProtocolError('BAD_TYPE', 'OpenPGP: a certificate starts with a public-key packet');
  return readPublicKeyBody(first.body);
}
