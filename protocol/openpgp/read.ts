/**
 * Reading OpenPGP back (RFC 4880 sections 4.2, 5.2.3, 5.5.2 and 6): armor with its CRC-24, packet
 * framing in both formats, v4 public keys (RSA, ECDSA P-256) and v4 signatures. For the online
 * side's verifier and for the exported certificate it is given; every length is checked against
 * what is there before it is used.
 */
import { toHex } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { crc24 } from './armor.ts';
import { PACKET_TAG } from './packets.ts';
import type { OpenPgpPublicKey } from './public-key.ts';

const bad = (message: string): never => {
  throw new ProtocolError('BAD_TYPE', `OpenPGP: ${message}`);
};
const truncated = (what: string): never => {
  throw new ProtocolError('TRUNCATED', `OpenPGP: ${what} runs past the end`);
};
const unsupported = (message: string): never => {
  throw new ProtocolError('UNSUPPORTED', `OpenPGP: ${message}`);
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function fromBase64(text: string): Uint8Array {
  if (!BASE64.test(text) || text.length % 4 === 1) bad('the armor is not base64');
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const clean = text.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const c of clean) {
    value = (value << 6) | alphabet.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** The binary data of an armored block of `type` ("PGP SIGNATURE"), its CRC-24 checked when present. */
export function dearmor(text: string, type: string): Uint8Array {
  const lines = text.replace(/\r/g, '').split('\n');
  const begin = lines.findIndex((l) => l.trim() === `-----BEGIN ${type}-----`);
  const end = lines.findIndex((l, i) => i > begin && l.trim() === `-----END ${type}-----`);
  if (begin < 0 || end < 0) bad(`no "${type}" armor`);
  let at = begin + 1;
  while (at < end && lines[at]!.includes(': ')) at++; // armor headers ("Version: ..."), then a blank line
  const body = lines.slice(at, end).map((l) => l.trim()).filter((l) => l.length > 0);
  const sumLine = body.length > 0 && body[body.length - 1]!.startsWith('=') ? body.pop()! : undefined;
  const data = fromBase64(body.join(''));
  if (sumLine !== undefined) {
    const sum = fromBase64(sumLine.slice(1));
    if (sum.length !== 3 || ((sum[0]! << 16) | (sum[1]! << 8) | sum[2]!) !== crc24(data)) {
      throw new ProtocolError('BAD_CHECKSUM', 'OpenPGP: the armor checksum (CRC-24) does not match');
    }
  }
  return data;
}

export interface Packet {
  readonly tag: number;
  readonly body: Uint8Array;
}

/** The packets of `data`, in order, at most `max`; partial lengths (only data packets use them) are refused. */
export function readPackets(data: Uint8Array, max = 1000): Packet[] {
  const packets: Packet[] = [];
  let at = 0;
  const need = (n: number) => {
    if (at + n > data.length) truncated(`packet ${packets.length + 1}`);
  };
  while (at < data.length) {
    if (packets.length >= max) throw new ProtocolError('TOO_LARGE', `OpenPGP: more than ${max} packets`);
    const head = data[at++]!;
    if ((head & 0x80) === 0) bad('not a packet header');
    let tag: number;
    let length: number;
    if (head & 0x40) {
      tag = head & 0x3f;
      need(1);
      const first = data[at++]!;
      if (first < 192) length = first;
      else if (first < 224) {
        need(1);
        length = ((first - 192) << 8) + data[at++]! + 192;
      } else if (first === 255) {
        need(4);
        length = ((data[at]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!) >>> 0;
        at += 4;
      } else length = unsupported('partial body lengths are not read here');
    } else {
      tag = (head >> 2) & 0x0f;
      const type = head & 3;
      if (type === 3) unsupported('indeterminate packet lengths are not read here');
      const n = 1 << type;
      need(n);
      length = 0;
      for (let i = 0; i < n; i++) length = length * 256 + data[at++]!;
    }
    need(length);
    packets.push({ tag, body: data.subarray(at, at + length) });
    at += length;
  }
  return packets;
}

/** An MPI at `at`: its magnitude and where the next field starts. */
function readMpi(body: Uint8Array, at: number): { value: Uint8Array; next: number } {
  if (at + 2 > body.length) truncated('an MPI');
  const bits = (body[at]! << 8) | body[at + 1]!;
  const n = Math.ceil(bits / 8);
  if (at + 2 + n > body.length) truncated('an MPI');
  return { value: body.subarray(at + 2, at + 2 + n), next: at + 2 + n };
}

const P256_OID_HEX = '2a8648ce3d030107';

/** A v4 public-key packet's body (section 5.5.2): RSA or ECDSA over P-256. */
export function readPublicKey(body: Uint8Array): OpenPgpPublicKey {
  if (body.length < 6 || body[0] !== 4) bad('not a version 4 public key');
  const created = ((body[1]! << 24) | (body[2]! << 16) | (body[3]! << 8) | body[4]!) >>> 0;
  const algorithm = body[5]!;
  if (algorithm === 1) {
    const n = readMpi(body, 6);
    const e = readMpi(body, n.next);
    return { kind: 'rsa', n: n.value, e: e.value, created };
  }
  if (algorithm === 19) {
    const oidLength = body[6] ?? bad('no curve OID');
    const oid = toHex(body.subarray(7, 7 + oidLength));
    if (oid !== P256_OID_HEX) bad('an ECDSA key on a curve other than NIST P-256');
    const point = readMpi(body, 7 + oidLength);
    return { kind: 'ec', point: point.value, created };
  }
  return bad(`public-key algorithm ${algorithm} is not RSA (1) or ECDSA (19)`);
}

/** The primary key of a certificate (its first packet, which must be a public key). */
export function certificatePrimaryKey(data: Uint8Array): OpenPgpPublicKey {
  const first = readPackets(data)[0];
  if (first?.tag !== PACKET_TAG.publicKey) bad('a certificate starts with a public-key packet');
  return readPublicKey(first!.body);
}

export interface ReadSignature {
  readonly type: number;
  readonly publicKeyAlgorithm: number;
  readonly hashAlgorithm: number;
  /** Version through the hashed subpackets: what the trailer hashes. */
  readonly hashedPart: Uint8Array;
  /** Hashed subpackets as (type, data). */
  readonly hashed: readonly { readonly type: number; readonly data: Uint8Array }[];
  readonly unhashed: readonly { readonly type: number; readonly data: Uint8Array }[];
  readonly left16: Uint8Array;
  /** RSA: one value; ECDSA: r and s. */
  readonly values: readonly Uint8Array[];
}

function readSubpackets(area: Uint8Array): { type: number; data: Uint8Array }[] {
  const out: { type: number; data: Uint8Array }[] = [];
  let at = 0;
  while (at < area.length) {
    const first = area[at++]!;
    let length: number;
    if (first < 192) length = first;
    else if (first < 255) {
      if (at >= area.length) bad('a subpacket length runs past the end');
      length = ((first - 192) << 8) + area[at++]! + 192;
    } else {
      if (at + 4 > area.length) bad('a subpacket length runs past the end');
      length = ((area[at]! << 24) | (area[at + 1]! << 16) | (area[at + 2]! << 8) | area[at + 3]!) >>> 0;
      at += 4;
    }
    if (length < 1 || at + length > area.length) bad('a subpacket runs past its area');
    out.push({ type: area[at]! & 0x7f, data: area.subarray(at + 1, at + length) });
    at += length;
  }
  return out;
}

/** A v4 signature packet's body (section 5.2.3). */
export function readSignature(body: Uint8Array): ReadSignature {
  if (body.length < 6 || body[0] !== 4) bad('not a version 4 signature');
  const hashedLength = (body[4]! << 8) | body[5]!;
  const hashedEnd = 6 + hashedLength;
  if (hashedEnd + 2 > body.length) bad('the hashed subpackets run past the end');
  const unhashedLength = (body[hashedEnd]! << 8) | body[hashedEnd + 1]!;
  const unhashedEnd = hashedEnd + 2 + unhashedLength;
  if (unhashedEnd + 2 > body.length) bad('the unhashed subpackets run past the end');
  const publicKeyAlgorithm = body[2]!;
  const values: Uint8Array[] = [];
  let at = unhashedEnd + 2;
  for (let i = 0; i < (publicKeyAlgorithm === 1 ? 1 : 2); i++) {
    const v = readMpi(body, at);
    values.push(v.value);
    at = v.next;
  }
  if (at !== body.length) bad('bytes after the signature values');
  return {
    type: body[1]!,
    publicKeyAlgorithm,
    hashAlgorithm: body[3]!,
    hashedPart: body.subarray(0, hashedEnd),
    hashed: readSubpackets(body.subarray(6, hashedEnd)),
    unhashed: readSubpackets(body.subarray(hashedEnd + 2, unhashedEnd)),
    left16: body.subarray(unhashedEnd, unhashedEnd + 2),
    values,
  };
}
