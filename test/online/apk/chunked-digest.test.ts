/** The v2/v3 chunked digest: defined per 1 MiB chunk, whatever sizes it is fed in. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChunkedDigest, CHUNK_SIZE } from '../../../online/apk/v2/chunked-digest.ts';
import { noise } from '../../support/zip-builder.ts';

/** A direct transcription of the definition, over whole sections. */
function reference(sections: readonly Buffer[], algorithm: 'sha256' | 'sha512'): Buffer {
  const chunks: Buffer[] = [];
  for (const s of sections) {
    for (let at = 0; at < s.length; at += CHUNK_SIZE) {
      const part = s.subarray(at, Math.min(s.length, at + CHUNK_SIZE));
      const head = Buffer.alloc(5);
      head[0] = 0xa5;
      head.writeUInt32LE(part.length, 1);
      chunks.push(createHash(algorithm).update(head).update(part).digest());
    }
  }
  const head = Buffer.alloc(5);
  head[0] = 0x5a;
  head.writeUInt32LE(chunks.length, 1);
  return createHash(algorithm).update(head).update(Buffer.concat(chunks)).digest();
}

describe('ChunkedDigest', () => {
  const sections = [noise('entries', 2 * CHUNK_SIZE + 12345), noise('cd', 3000), noise('eocd', 22)];

  it.each([1, 4096, 65536 + 7, CHUNK_SIZE, 3 * CHUNK_SIZE])('gives the same digest fed %i bytes at a time', (step) => {
    for (const algorithm of ['sha256', 'sha512'] as const) {
      const d = new ChunkedDigest(algorithm);
      for (const s of sections) {
        for (let at = 0; at < s.length; at += step) d.update(s.subarray(at, at + step));
        d.endSection();
      }
      expect(d.digest().toString('hex')).toBe(reference(sections, algorithm).toString('hex'));
    }
  });

  it('lets callers reuse their buffer at once', () => {
    const d = new ChunkedDigest('sha256');
    const buffer = Buffer.alloc(1000);
    for (let i = 0; i * 1000 < sections[0]!.length; i++) {
      sections[0]!.copy(buffer, 0, i * 1000, i * 1000 + 1000);
      d.update(buffer.subarray(0, Math.min(1000, sections[0]!.length - i * 1000)));
    }
    d.endSection();
    expect(d.digest().toString('hex')).toBe(reference([sections[0]!], 'sha256').toString('hex'));
  });
});
