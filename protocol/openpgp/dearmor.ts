/**
 * Reading ASCII armor (RFC 4880 section 6.2; RFC 9580 section 6.2): the BEGIN line of the given
 * type, header lines up to an empty line, base64 lines, the "=" CRC-24 line, the END line. The
 * CRC must match. Used on the online side for the key.asc that export-openpgp wrote.
 */
import { ProtocolError } from '../errors.ts';
import { crc24 } from './armor.ts';
import type { ArmorType } from './armor.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

/** Strict base64: the alphabet, "=" padding only at the end, a length that is a multiple of 4. */
export function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new ProtocolError('BAD_TYPE', 'armor: not base64');
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3);
  for (let i = 0, at = 0; i < text.length; i += 4, at += 3) {
    const n = (VALUE.get(text[i]!)! << 18) | (VALUE.get(text[i + 1]!)! << 12) | ((VALUE.get(text[i + 2]!) ?? 0) << 6) | (VALUE.get(text[i + 3]!) ?? 0);
    out[at] = n >> 16;
    out[at + 1] = (n >> 8) & 0xff;
    out[at + 2] = n & 0xff;
  }
  return out.subarray(0, out.length - pad);
}

/** The binary data of the first armored block of this type in `text`. */
export function dearmor(text: string, type: ArmorType): Uint8Array {
  const lines = text.replace(/\r\n/g, '\n').split('\n').map((l) => l.replace(/[ \t]+$/, ''));
  const begin = lines.indexOf(`-----BEGIN ${type}-----`);
  if (begin === -1) throw new ProtocolError('BAD_TYPE', `armor: no "BEGIN ${type}" line`);
  const end = lines.indexOf(`-----END ${type}-----`, begin);
  if (end === -1) throw new ProtocolError('TRUNCATED', `armor: no "END ${type}" line`);
  const blank = lines.indexOf('', begin);
  if (blank === -1 || blank > end) throw new ProtocolError('BAD_TYPE', 'armor: no empty line after the headers');
  const body = lines.slice(blank + 1, end);
  const crcAt = body.findIndex((l) => l.startsWith('='));
  if (crcAt === -1 || crcAt !== body.length - 1) throw new ProtocolError('BAD_CHECKSUM', 'armor: no CRC-24 line ("=...") before the END line');
  const data = fromBase64(body.slice(0, crcAt).join(''));
  const sum = fromBase64(body[crcAt]!.slice(1));
  if (sum.length !== 3 || ((sum[0]! << 16) | (sum[1]! << 8) | sum[2]!) !== crc24(data)) throw new ProtocolError('BAD_CHECKSUM', 'armor: the CRC-24 does not match the data');
  return data;
}
