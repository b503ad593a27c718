/** The resumable SHA-256 against node:crypto: every split point, resumed from a midstate, and hostile states. */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Sha256State } from '../../../protocol/openpgp/index.ts';
import { toHex } from '../../../protocol/bytes.ts';
import { isProtocolError } from '../../../protocol/errors.ts';

const node = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('Sha256State', () => {
  it('gives node:crypto\'s digest for every length 0..300 and across the padding edges', () => {
    const data = new Uint8Array(randomBytes(300));
    for (let n = 0; n <= 300; n++) expect(toHex(Sha256State.fresh().update(data.subarray(0, n)).digest()), `length ${n}`).toBe(node(data.subarray(0, n)));
  });

  it('gives the same digest whatever the split of the input', () => {
    const data = new Uint8Array(randomBytes(200));
    for (let at = 0; at <= data.length; at++) {
      expect(toHex(Sha256State.fresh().update(data.subarray(0, at)).update(data.subarray(at)).digest())).toBe(node(data));
    }
  });

  it('resumes from a midstate and its tail, as the signer does with what the online side sent', () => {
    for (const n of [0, 1, 55, 56, 63, 64, 65, 127, 128, 129, 3 * 1024 * 1024 + 17]) {
      const data = new Uint8Array(randomBytes(n));
      const { state, tail } = Sha256State.fresh().update(data).midstate();
      expect(state.bytes % 64).toBe(0);
      expect(state.bytes + tail.length).toBe(n);
      const trailer = Uint8Array.of(4, 0, 1, 8, 0xff);
      const resumed = Sha256State.resume(JSON.parse(JSON.stringify(state))).update(tail).update(trailer).digest();
      expect(toHex(resumed), `length ${n}`).toBe(node(Buffer.concat([data, trailer])));
    }
  });

  it('refuses a midstate that is not eight words after whole blocks', () => {
    const words = Array.from({ length: 8 }, () => 1);
    for (const bad of [{ words, bytes: 65 }, { words, bytes: -64 }, { words: words.slice(1), bytes: 64 }, { words: [...words.slice(1), 2 ** 32], bytes: 64 }, { words, bytes: 1.5 }]) {
      let error: unknown;
      try {
        Sha256State.resume(bad);
      } catch (e) {
        error = e;
      }
      expect(isProtocolError(error, 'BAD_ARGUMENT'), JSON.stringify(bad)).toBe(true);
    }
  });
});
