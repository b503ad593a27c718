/** The transfer container: layout, the choice to compress, and every refusal before and during inflation. */
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex, utf8, writeU32BE } from '../../../protocol/bytes.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import type { ProtocolErrorCode } from '../../../protocol/errors.ts';
import { sha256 } from '../../../protocol/hash.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { TRANSFER_HEADER_BYTES, TRANSFER_TRAILER_BYTES, decodeTransfer, encodeTransfer, readTransferHeader, sealChecksum } from '../../../protocol/transfer/index.ts';
import { transferDictionary } from '../../../protocol/transfer/dictionary.ts';
import { labelled } from '../messages/fixed-messages.ts';
import { MiB, heapAfterGc } from '../heap.ts';
import { GIB_MATCHES, zeroBomb } from './deflate-bomb.ts';

function refusal(f: () => unknown): ProtocolErrorCode {
  try {
    f();
  } catch (e) {
    if (e instanceof ProtocolError) return e.code;
    throw e;
  }
  throw new Error('expected a ProtocolError, but nothing was thrown');
}

/** A transfer built by hand, so the tests can declare anything; its checksum is right for its bytes. */
function transfer(compression: number, declared: number, payload: Uint8Array, version = 2): Uint8Array {
  const header = Uint8Array.of(0x41, 0x53, 0x4d, version, compression, 0, 0, 0, 0);
  writeU32BE(header, 5, declared);
  const t = concatBytes(header, payload, new Uint8Array(TRANSFER_TRAILER_BYTES));
  sealChecksum(t);
  return t;
}

/** A sealed transfer's payload (between header and trailer). */
const payloadOf = (t: Uint8Array) => t.subarray(TRANSFER_HEADER_BYTES, t.length - TRANSFER_TRAILER_BYTES);

const compressible = utf8('an airsign message, '.repeat(50));
const incompressible = labelled('random', 300);

describe('transfer round trip', () => {
  it('deflates a message that compresses, and gives it back', () => {
    const t = encodeTransfer(compressible);
    expect(toHex(t.subarray(0, 9))).toBe('41534d' + '02' + '01' + '000003e8');
    expect(t.length).toBeLessThan(compressible.length / 5);
    expect(readTransferHeader(t)).toEqual({ version: 2, compression: 'deflate', messageLength: 1000 });
    expect(decodeTransfer(t)).toEqual(compressible);
  });

  it('stores a message that does not compress', () => {
    const t = encodeTransfer(incompressible);
    expect(t[4]).toBe(0);
    expect(t.length).toBe(TRANSFER_HEADER_BYTES + 300 + TRANSFER_TRAILER_BYTES);
    expect(decodeTransfer(t)).toEqual(incompressible);
  });

  it('carries an empty message', () => {
    expect(decodeTransfer(encodeTransfer(new Uint8Array(0)))).toEqual(new Uint8Array(0));
  });

  it('reads a deflate stream from any conforming compressor that uses the dictionary', () => {
    const payload = deflateSync(compressible, { level: 1, dictionary: transferDictionary() });
    expect(decodeTransfer(transfer(1, compressible.length, payload))).toEqual(compressible);
  });

  it('keeps the format-1 dictionary byte for byte (changing it needs a new format version)', () => {
    const dictionary = transferDictionary();
    expect(dictionary.length).toBe(2101);
    expect(toHex(sha256(dictionary))).toBe(DICTIONARY_SHA256);
  });
});

const DICTIONARY_SHA256 = '6bcd5da30c764ff5aa75d9245770a0a68209957eb3b9eed2f31ecc889eafbb52';

describe('transfer header refusals', () => {
  it.each<[string, ProtocolErrorCode, Uint8Array]>([
    ['empty', 'TRUNCATED', new Uint8Array(0)],
    ['magic only', 'TRUNCATED', Uint8Array.of(0x41, 0x53, 0x4d)],
    ['wrong magic', 'BAD_MAGIC', utf8('PK\x03\x04 a zip file')],
    ['wrong magic, short', 'BAD_MAGIC', Uint8Array.of(0x42)],
    ['format version 1 (no checksum)', 'UNKNOWN_VERSION', transfer(0, 1, Uint8Array.of(0), 1)],
    ['format version 3', 'UNKNOWN_VERSION', transfer(0, 1, Uint8Array.of(0), 3)],
    ['format version 0', 'UNKNOWN_VERSION', transfer(0, 1, Uint8Array.of(0), 0)],
    ['compression 2', 'UNSUPPORTED', transfer(2, 1, Uint8Array.of(0))],
    ['declared length 2^32-1', 'TOO_LARGE', transfer(1, 0xffffffff, Uint8Array.of(0))],
    ['declared length one over the cap', 'TOO_LARGE', transfer(0, LIMITS.maxMessageBytes + 1, Uint8Array.of(0))],
    ['transfer over the cap', 'TOO_LARGE', new Uint8Array(LIMITS.maxTransferBytes + 1)],
  ])('%s -> %s', (_name, code, bytes) => {
    expect(refusal(() => decodeTransfer(bytes))).toBe(code);
  });

  it('refuses non-bytes', () => {
    expect(refusal(() => decodeTransfer('ASM' as unknown as Uint8Array))).toBe('BAD_ARGUMENT');
  });
});

describe('stored payload refusals', () => {
  it('refuses a payload shorter than declared', () => {
    expect(refusal(() => decodeTransfer(transfer(0, 5, Uint8Array.of(1, 2, 3))))).toBe('TRUNCATED');
  });
  it('refuses bytes past the declared length', () => {
    expect(refusal(() => decodeTransfer(transfer(0, 2, Uint8Array.of(1, 2, 3))))).toBe('TRAILING_BYTES');
  });
  it('refuses a declared 4 MiB message with a tiny payload without allocating it', () => {
    expect(refusal(() => decodeTransfer(transfer(0, LIMITS.maxMessageBytes, Uint8Array.of(1))))).toBe('TRUNCATED');
  });
});

describe('deflate payload refusals', () => {
  const good = encodeTransfer(compressible);
  const payload = payloadOf(good);

  it('refuses an empty payload', () => {
    expect(refusal(() => decodeTransfer(transfer(1, 0, new Uint8Array(0))))).toBe('DECOMPRESS_FAILED');
  });
  it('refuses garbage', () => {
    expect(refusal(() => decodeTransfer(transfer(1, 100, Uint8Array.of(0xff, 0xff, 0xff, 0xff))))).toBe('DECOMPRESS_FAILED');
  });
  it('refuses a payload cut short', () => {
    expect(refusal(() => decodeTransfer(transfer(1, 1000, payload.subarray(0, payload.length - 3))))).toBe('DECOMPRESS_FAILED');
  });
  it('refuses a payload that inflates to less than declared', () => {
    expect(refusal(() => decodeTransfer(transfer(1, 1001, payload)))).toBe('DECOMPRESS_FAILED');
  });
  it('refuses bytes after the end of the deflate stream, one or many, at every compression level', () => {
    expect(refusal(() => decodeTransfer(transfer(1, 1000, concatBytes(payload, Uint8Array.of(0)))))).toBe('TRAILING_BYTES');
    expect(refusal(() => decodeTransfer(transfer(1, 1000, concatBytes(payload, payload))))).toBe('TRAILING_BYTES');
    for (let level = 0; level <= 9; level++) {
      const stream = deflateSync(compressible, { level: level as 0, dictionary: transferDictionary() });
      expect(decodeTransfer(transfer(1, compressible.length, stream))).toEqual(compressible);
      expect(refusal(() => decodeTransfer(transfer(1, compressible.length, concatBytes(stream, Uint8Array.of(level)))))).toBe('TRAILING_BYTES');
    }
  });
  it('refuses a payload that inflates to more than declared', () => {
    expect(refusal(() => decodeTransfer(transfer(1, 999, payload)))).toBe('DECOMPRESS_LIMIT');
  });
  it('refuses a declared length no deflate payload of that size could reach, before allocating', () => {
    expect(refusal(() => decodeTransfer(transfer(1, LIMITS.maxMessageBytes, Uint8Array.of(3, 0))))).toBe('DECOMPRESS_FAILED');
  });
  it('resolves back-references into the dictionary', () => {
    const withDictionary = deflateSync(transferDictionary().subarray(0, 500), { level: 9, dictionary: transferDictionary() });
    const t = transfer(1, 500, withDictionary);
    expect(decodeTransfer(t)).toEqual(transferDictionary().subarray(0, 500));
  });
});

describe('transfer checksum', () => {
  it('refuses every single flipped bit of a deflated and of a stored transfer, each typed', () => {
    for (const t of [encodeTransfer(compressible), encodeTransfer(incompressible)]) {
      const codes = new Map<ProtocolErrorCode, number>();
      for (let bit = 0; bit < t.length * 8; bit++) {
        const flipped = t.slice();
        flipped[bit >> 3]! ^= 1 << (bit & 7);
        const code = refusal(() => decodeTransfer(flipped));
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
      // Magic, version and the length's high bits fail on their own; every other bit on the CRC.
      expect([...codes.keys()].sort()).toEqual(['BAD_CHECKSUM', 'BAD_MAGIC', 'TOO_LARGE', 'UNKNOWN_VERSION', 'UNSUPPORTED']);
      expect(codes.get('BAD_CHECKSUM')).toBeGreaterThan(t.length * 8 - 64);
    }
  });

  it('refuses bytes appended after the trailer, and a transfer cut short', () => {
    const t = encodeTransfer(compressible);
    expect(refusal(() => decodeTransfer(concatBytes(t, Uint8Array.of(0))))).toBe('BAD_CHECKSUM');
    expect(refusal(() => decodeTransfer(t.subarray(0, t.length - 1)))).toBe('BAD_CHECKSUM');
    expect(refusal(() => decodeTransfer(t.subarray(0, 12)))).toBe('TRUNCATED');
  });

  it('is checked before the payload is inflated: a bomb with a wrong checksum never reaches the inflater', () => {
    const t = transfer(1, LIMITS.maxMessageBytes, zeroBomb(GIB_MATCHES));
    t[t.length - 1]! ^= 1;
    expect(refusal(() => decodeTransfer(t))).toBe('BAD_CHECKSUM');
  });
});

describe('decompression bombs', () => {
  it('the bomb builder makes real deflate data', () => {
    const small = zeroBomb(100);
    expect(decodeTransfer(transfer(1, 1 + 258 * 100, small))).toEqual(new Uint8Array(1 + 258 * 100));
  });

  it('refuses 1 GiB of zeros declared as 4 MiB once the output passes 4 MiB, with bounded memory', () => {
    const bomb = zeroBomb(GIB_MATCHES);
    expect(bomb.length).toBeLessThan(1.1 * MiB);
    const t = transfer(1, LIMITS.maxMessageBytes, bomb);
    const before = heapAfterGc();
    expect(refusal(() => decodeTransfer(t))).toBe('DECOMPRESS_LIMIT');
    // Read before any collection: what the attempt allocated is still counted.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * MiB);
  });

  it('refuses the same bomb declared as 1000 bytes at the first chunk', () => {
    expect(refusal(() => decodeTransfer(transfer(1, 1000, zeroBomb(GIB_MATCHES))))).toBe('DECOMPRESS_LIMIT');
  });
});
