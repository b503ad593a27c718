/**
 * Hand-written inputs that are valid CBOR, or nearly, but not in our canonical subset. Each is
 * refused with its own typed code; nothing else is thrown.
 */
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../protocol/bytes.ts';
import { decodeCanonical } from '../../../protocol/encoding/index.ts';
import type { ProtocolErrorCode } from '../../../protocol/errors.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { CANONICAL_FORMS, NON_CANONICAL_CASES } from './non-canonical-cases.ts';

function codeOf(hex: string): ProtocolErrorCode | 'accepted' {
  try {
    decodeCanonical(fromHex(hex));
    return 'accepted';
  } catch (e) {
    if (e instanceof ProtocolError) return e.code;
    throw e;
  }
}

describe('canonical form: each non-canonical or unsupported input has its own typed code', () => {
  it.each(NON_CANONICAL_CASES)('%s (%s) -> %s', (_name, hex, code) => {
    expect(codeOf(hex)).toBe(code);
  });

  it('accepts the canonical forms of the same values', () => {
    for (const hex of CANONICAL_FORMS) {
      expect(codeOf(hex), hex).toBe('accepted');
    }
  });

  it('keeps a leading byte-order mark as text instead of dropping it', () => {
    expect(decodeCanonical(fromHex('63efbbbf'))).toBe('\ufeff');
  });
});
