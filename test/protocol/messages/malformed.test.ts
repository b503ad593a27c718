/**
 * Hostile input, as the offline side may receive it: every truncation of real messages and
 * transfers, absurd declared lengths and counts, deep nesting, bombs, and valid-looking messages
 * in a non-canonical form. Each is refused with a ProtocolError and its expected code.
 */
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, utf8, writeU32BE } from '../../../protocol/bytes.ts';
import { encodeCanonical } from '../../../protocol/encoding/index.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { decodeMessage, encodeMessage, messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import { encodeTransfer, sealChecksum } from '../../../protocol/transfer/index.ts';
import { GIB_MATCHES, zeroBomb } from '../transfer/deflate-bomb.ts';
import { FIXED_MESSAGES, FIXED_REQUEST } from './fixed-messages.ts';
import { refusalOf } from './refusals.ts';

const messages = Object.entries(FIXED_MESSAGES);

/** One map entry's bytes (key then value), as the canonical encoder writes it. */
/** Header and payload built by hand, with the CRC-32 trailer a sender would append. */
function sealed(body: Uint8Array): Uint8Array {
  const t = concatBytes(body, new Uint8Array(4));
  sealChecksum(t);
  return t;
}

function entry(key: string, value: unknown): Uint8Array {
  return encodeCanonical({ [key]: value }).subarray(1);
}

/** A map head for `n` entries (n < 24), then the entries in the order given. */
function handMap(entries: Uint8Array[]): Uint8Array {
  return concatBytes(Uint8Array.of(0xa0 + entries.length), ...entries);
}

/** The fixed request's entries in canonical order, with `replace` swapped in for some of them. */
function requestWith(replace: Record<string, Uint8Array> = {}): Uint8Array[] {
  const request = FIXED_REQUEST as unknown as Record<string, unknown>;
  return ['v', 'keys', 'kind', 'items', 'issuedAt', 'requestId'].map((k) => replace[k] ?? entry(k, request[k]));
}

describe('the hand-built request matches the encoder, so the cases below differ only where they say', () => {
  it('same bytes', () => {
    expect(handMap(requestWith())).toEqual(encodeMessage(FIXED_REQUEST));
  });
});

describe.each(messages)('truncated %s', (_kind, message) => {
  it('every prefix of the message bytes is TRUNCATED', () => {
    const bytes = encodeMessage(message);
    for (let n = 0; n < bytes.length; n++) expect(refusalOf(() => decodeMessage(bytes.subarray(0, n))).code, `prefix ${n}`).toBe('TRUNCATED');
  });

  it('every prefix of the transfer is TRUNCATED or BAD_CHECKSUM', () => {
    const transfer = messageToTransfer(message);
    for (let n = 0; n < transfer.length; n++) {
      const code = refusalOf(() => transferToMessage(transfer.subarray(0, n))).code;
      expect(n < 13 ? code === 'TRUNCATED' : code === 'BAD_CHECKSUM', `prefix ${n}: ${code}`).toBe(true);
    }
  });

  it('every prefix of the deflate stream, sealed with a right checksum, is DECOMPRESS_FAILED', () => {
    const transfer = messageToTransfer(message);
    const body = transfer.subarray(0, transfer.length - 4);
    for (let n = 9; n < body.length; n++) {
      const code = refusalOf(() => transferToMessage(sealed(body.subarray(0, n)))).code;
      expect(code, `prefix ${n}`).toBe('DECOMPRESS_FAILED');
    }
  });

  it('every prefix of a stored payload, sealed with a right checksum, is TRUNCATED', () => {
    const bytes = encodeMessage(message);
    const stored = concatBytes(Uint8Array.of(0x41, 0x53, 0x4d, 2, 0, 0, 0, 0, 0), bytes);
    writeU32BE(stored, 5, bytes.length);
    expect(transferToMessage(sealed(stored))).toEqual(message);
    for (let n = 9; n < stored.length; n++) expect(refusalOf(() => transferToMessage(sealed(stored.subarray(0, n)))).code).toBe('TRUNCATED');
  });

  it('one byte more is TRAILING_BYTES', () => {
    expect(refusalOf(() => decodeMessage(concatBytes(encodeMessage(message), Uint8Array.of(0)))).code).toBe('TRAILING_BYTES');
  });
});

describe('absurd declared lengths and counts inside a real request', () => {
  it.each<[string, string, string]>([
    ['items declared as 2^53-1 elements', 'items', '9b001fffffffffffff'],
    ['items declared as 2^32-1 elements', 'items', '9affffffff'],
    ['keys declared as 1000 elements', 'keys', '9903e8'],
    ['requestId declared as 4 GiB', 'requestId', '5affffffff'],
    ['requestId declared as 2^53-1 bytes', 'requestId', '5b001fffffffffffff'],
    ['requestId declared as 8 KiB', 'requestId', '592000'],
  ])('%s', (_name, key, head) => {
    const bytes = handMap(requestWith({ [key]: concatBytes(entry(key, 0).subarray(0, -1), fromHex(head)) }));
    expect(['TOO_LARGE', 'TRUNCATED']).toContain(refusalOf(() => decodeMessage(bytes)).code);
  });

  it('a declared 4 MiB message in a tiny transfer is refused before allocation', () => {
    const t = sealed(Uint8Array.of(0x41, 0x53, 0x4d, 2, 1, 0, 0x40, 0, 0, 0x03, 0x00));
    expect(refusalOf(() => transferToMessage(t)).code).toBe('DECOMPRESS_FAILED');
  });
});

describe('deep nesting', () => {
  const deep = concatBytes(fromHex('a1626b6b'), new Uint8Array(100_000).fill(0x81), Uint8Array.of(0));

  it('10^5 nested arrays are TOO_DEEP as message bytes', () => {
    expect(refusalOf(() => decodeMessage(deep)).code).toBe('TOO_DEEP');
  });

  it('and TOO_DEEP inside a deflated transfer', () => {
    const t = encodeTransfer(deep);
    expect(t.length).toBeLessThan(1000);
    expect(refusalOf(() => transferToMessage(t)).code).toBe('TOO_DEEP');
  });

  it('10^5 nested maps inside the items array are TOO_DEEP', () => {
    const items = concatBytes(utf8('\x65items'), new Uint8Array(100_000 * 3).map((_, i) => [0xa1, 0x61, 0x61][i % 3]!), Uint8Array.of(0));
    expect(refusalOf(() => decodeMessage(handMap(requestWith({ items }))))).toHaveProperty('code', 'TOO_DEEP');
  });
});

describe('decompression bombs through transferToMessage', () => {
  it('1 GiB of zeros declared as the largest message is DECOMPRESS_LIMIT', () => {
    const bomb = zeroBomb(GIB_MATCHES);
    const t = concatBytes(Uint8Array.of(0x41, 0x53, 0x4d, 2, 1, 0, 0, 0, 0), bomb);
    writeU32BE(t, 5, LIMITS.maxMessageBytes);
    expect(refusalOf(() => transferToMessage(sealed(t))).code).toBe('DECOMPRESS_LIMIT');
  });

  it('a bomb that stays within the declared size still decodes only to a refusal', () => {
    const bomb = zeroBomb(4000);
    const t = concatBytes(Uint8Array.of(0x41, 0x53, 0x4d, 2, 1, 0, 0, 0, 0), bomb);
    writeU32BE(t, 5, 1 + 258 * 4000);
    expect(refusalOf(() => transferToMessage(sealed(t))).code).toBe('TRAILING_BYTES');
  });
});

describe('valid-looking requests in a non-canonical form', () => {
  it.each<[string, Uint8Array[] | Uint8Array, string]>([
    ['v as 0x18 0x01 (one byte too long)', requestWith({ v: fromHex('61761801') }), 'NON_CANONICAL'],
    ['issuedAt in eight bytes', requestWith({ issuedAt: concatBytes(entry('issuedAt', 0).subarray(0, -1), fromHex('1b000000006955b900')) }), 'NON_CANONICAL'],
    ['issuedAt as a double', requestWith({ issuedAt: concatBytes(entry('issuedAt', 0).subarray(0, -1), fromHex('fb41da5572e4000000')) }), 'UNSUPPORTED'],
    ['issuedAt as an epoch-time tag', requestWith({ issuedAt: concatBytes(entry('issuedAt', 0).subarray(0, -1), fromHex('c11a6955b900')) }), 'UNSUPPORTED'],
    ['kind before keys (key order)', (() => { const e = requestWith(); return [e[0]!, e[2]!, e[1]!, e[3]!, e[4]!, e[5]!]; })(), 'NON_CANONICAL'],
    ['kind twice', (() => { const e = requestWith(); return [e[0]!, e[1]!, e[2]!, e[2]!, e[3]!, e[4]!, e[5]!]; })(), 'DUPLICATE_KEY'],
    ['kind as an indefinite-length text', requestWith({ kind: fromHex('646b696e647f6772657175657374ff') }), 'NON_CANONICAL'],
    ['the whole message wrapped in the self-described CBOR tag', concatBytes(fromHex('d9d9f7'), encodeMessage(FIXED_REQUEST)), 'UNSUPPORTED'],
    ['the whole message as an indefinite map', concatBytes(fromHex('bf'), encodeMessage(FIXED_REQUEST).subarray(1), fromHex('ff')), 'NON_CANONICAL'],
  ])('%s -> %s', (_name, parts, code) => {
    const bytes = parts instanceof Uint8Array ? parts : handMap(parts);
    expect(refusalOf(() => decodeMessage(bytes)).code).toBe(code);
  });
});

describe('wrong kinds and versions as bytes', () => {
  it.each<[string, Uint8Array[], string]>([
    ['version 1', requestWith({ v: fromHex('617601') }), 'UNKNOWN_VERSION'],
    ['version 3', requestWith({ v: fromHex('617603') }), 'UNKNOWN_VERSION'],
    ['version 0', requestWith({ v: fromHex('617600') }), 'UNKNOWN_VERSION'],
    ['version as text', requestWith({ v: fromHex('61766131') }), 'SCHEMA'],
    ['kind "requests"', requestWith({ kind: entry('kind', 'requests') }), 'UNKNOWN_KIND'],
    ['kind "response" with request fields', requestWith({ kind: entry('kind', 'response') }), 'SCHEMA'],
  ])('%s -> %s', (_name, parts, code) => {
    expect(refusalOf(() => decodeMessage(handMap(parts))).code).toBe(code);
  });
});
