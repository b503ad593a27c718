/**
 * Hand-written inputs that are valid CBOR, or nearly, but not in our canonical subset, each with the
 * typed code protocol/encoding's decoder refuses it with; and canonical forms it must accept.
 * Used by test/protocol/encoding/canonical-form.test.ts and by bench/deps/cbor.ts (which feeds the
 * same inputs to the CBOR libraries that could replace ours).
 */
import type { ProtocolErrorCode } from '../../../protocol/errors.ts';

export const NON_CANONICAL_CASES: [string, string, ProtocolErrorCode][] = [
  // Heads longer than their argument needs (RFC 8949 §4.2.1: "preferred serialization").
  ['uint 0 in one extra byte', '1800', 'NON_CANONICAL'],
  ['uint 23 in one extra byte', '1817', 'NON_CANONICAL'],
  ['uint 255 in two bytes', '1900ff', 'NON_CANONICAL'],
  ['uint 65535 in four bytes', '1a0000ffff', 'NON_CANONICAL'],
  ['uint 2^32-1 in eight bytes', '1b00000000ffffffff', 'NON_CANONICAL'],
  ['byte string length in an extra byte', '580100', 'NON_CANONICAL'],
  ['text length in two bytes', '79000161', 'NON_CANONICAL'],
  ['array count in an extra byte', '9800', 'NON_CANONICAL'],
  ['map count in four bytes', 'ba00000000', 'NON_CANONICAL'],
  // Map keys: order and uniqueness.
  ['keys out of order', 'a2616201616101', 'NON_CANONICAL'],
  ['longer key before shorter', 'a262616101616202', 'NON_CANONICAL'],
  ['duplicate key', 'a2616101616102', 'DUPLICATE_KEY'],
  ['integer key', 'a10101', 'BAD_TYPE'],
  ['byte-string key', 'a1416101', 'BAD_TYPE'],
  // Outside the subset.
  ['negative integer', '20', 'UNSUPPORTED'],
  ['tag 1 (epoch time)', 'c11a514b67b0', 'UNSUPPORTED'],
  ['tag 24 (embedded CBOR)', 'd8184100', 'UNSUPPORTED'],
  ['half float 1.0', 'f93c00', 'UNSUPPORTED'],
  ['single float 100000.0', 'fa47c35000', 'UNSUPPORTED'],
  ['double float 1.1', 'fb3ff199999999999a', 'UNSUPPORTED'],
  ['undefined', 'f7', 'UNSUPPORTED'],
  ['simple value 16', 'f0', 'UNSUPPORTED'],
  ['simple value 255', 'f8ff', 'UNSUPPORTED'],
  ['integer above 2^53-1', '1b0020000000000000', 'TOO_LARGE'],
  // Indefinite lengths (never deterministic) and malformed items.
  ['indefinite byte string', '5f42010243030405ff', 'NON_CANONICAL'],
  ['indefinite text', '7f657374726561646d696e67ff', 'NON_CANONICAL'],
  ['indefinite array', '9f0102ff', 'NON_CANONICAL'],
  ['indefinite map', 'bf61610161629f0203ffff', 'NON_CANONICAL'],
  ['lone break', 'ff', 'BAD_TYPE'],
  ['reserved additional information 28', '1c', 'BAD_TYPE'],
  ['reserved additional information 30 in a map head', 'be', 'BAD_TYPE'],
  ['indefinite unsigned integer', '1f', 'BAD_TYPE'],
  // Text that is not UTF-8.
  ['truncated two-byte sequence', '62c328', 'BAD_TYPE'],
  ['overlong encoding of "/"', '62c0af', 'BAD_TYPE'],
  ['UTF-16 surrogate encoded in UTF-8', '63eda080', 'BAD_TYPE'],
  ['code point above U+10FFFF', '64f4908080', 'BAD_TYPE'],
  ['invalid key text', 'a161ff01', 'BAD_TYPE'],
  // Framing.
  ['empty input', '', 'TRUNCATED'],
  ['trailing byte', '0000', 'TRAILING_BYTES'],
  ['two items', 'a0a0', 'TRAILING_BYTES'],
  ['head cut short', '19ff', 'TRUNCATED'],
  ['string cut short', '43010203'.slice(0, 6), 'TRUNCATED'],
  ['array missing an element', '820102'.slice(0, 4), 'TRUNCATED'],
  ['map missing a value', 'a16161', 'TRUNCATED'],
];

export const CANONICAL_FORMS: readonly string[] = ['00', '17', '18ff', '19ffff', '1affffffff', '1b0000000100000000', '4100', '6161', '80', 'a0', 'a2616101616202', '63efbbbf'];
