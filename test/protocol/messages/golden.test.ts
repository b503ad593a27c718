/** The committed golden vectors: an accidental change to the wire format fails here. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../protocol/bytes.ts';
import { decodeMessage, encodeMessage, messageDigest, messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import { decodeTransfer } from '../../../protocol/transfer/index.ts';
import { FIXED_MESSAGES } from './fixed-messages.ts';

type Golden = Record<string, { message: string; digest: string; transfer: string }>;
const golden = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/messages/golden.json'), 'utf8')) as Golden;

describe.each(Object.entries(FIXED_MESSAGES))('golden %s', (kind, message) => {
  const vector = golden[kind]!;

  it('encodes to the committed bytes and digest', () => {
    expect(toHex(encodeMessage(message))).toBe(vector.message);
    expect(toHex(messageDigest(message))).toBe(vector.digest);
  });

  it('decodes the committed bytes to the fixed message', () => {
    expect(decodeMessage(fromHex(vector.message))).toEqual(message);
  });

  it('reads the committed transfer (whatever deflate implementation wrote it)', () => {
    expect(toHex(decodeTransfer(fromHex(vector.transfer)))).toBe(vector.message);
    expect(transferToMessage(fromHex(vector.transfer))).toEqual(message);
  });

  it('writes the committed transfer (fails if the pinned fflate changes its output; old transfers still read)', () => {
    expect(toHex(messageToTransfer(message))).toBe(vector.transfer);
  });
});
