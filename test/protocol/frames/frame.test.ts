/** The frame layout, field by field, and the checksum. */
import { describe, expect, it } from 'vitest';
import { readU32BE, utf8 } from '../../../protocol/bytes.ts';
import { sha256 } from '../../../protocol/hash.ts';
import { FRAME_OVERHEAD, FrameEncoder, OFFSET, crc32, readFrame, sessionIdFromSeed } from '../../../protocol/frames/index.ts';
import { randomBytes, seededRandom } from './support.ts';

describe('crc32', () => {
  it('gives the standard check value', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('frame layout', () => {
  const transfer = randomBytes(1000, seededRandom(11));
  const encoder = new FrameEncoder(transfer, { symbolSize: 176, sessionId: 0x01020304 });
  const frames = Array.from({ length: 8 }, () => encoder.next());

  it('puts every field where docs/wire-format.md says', () => {
    const f = frames[6]!;
    expect(f.length).toBe(FRAME_OVERHEAD + 176);
    expect([...f.subarray(0, 4)]).toEqual([0x41, 0x53, 1, 0]);
    expect(readU32BE(f, OFFSET.sessionId)).toBe(0x01020304);
    expect([...f.subarray(OFFSET.digestPrefix, OFFSET.digestPrefix + 8)]).toEqual([...sha256(transfer).subarray(0, 8)]);
    expect(readU32BE(f, OFFSET.transferLength)).toBe(1000);
    expect((f[OFFSET.symbolSize]! << 8) | f[OFFSET.symbolSize + 1]!).toBe(176);
    expect([...f.subarray(OFFSET.payloadId, OFFSET.payloadId + 4)]).toEqual([0, 0, 0, 10]); // K=6, K'=10: 7th frame is the first repair
    expect(readU32BE(f, f.length - 4)).toBe(crc32(f, 0, f.length - 4));
  });

  it('reads back what it writes', () => {
    const r = readFrame(frames[2]!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.frame.sessionId).toBe(0x01020304);
    expect(r.frame.transferLength).toBe(1000);
    expect(r.frame.symbolSize).toBe(176);
    expect(r.frame.esi).toBe(2);
    expect([...r.frame.packet.subarray(4, 180)]).toEqual([...transfer.subarray(352, 528)]);
  });

  it('sends the source symbols first: the first K frames carry the transfer in order', () => {
    const joined = frames.slice(0, 6).flatMap((f) => [...f.subarray(OFFSET.symbol, OFFSET.symbol + 176)]);
    expect(joined.slice(0, 1000)).toEqual([...transfer]);
    expect(joined.slice(1000).every((b) => b === 0)).toBe(true);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = new FrameEncoder(transfer, { symbolSize: 176, sessionId: 0x01020304 });
    expect([...again.frameAt(6)]).toEqual([...frames[6]!]);
    expect(sessionIdFromSeed(1)).toBe(sessionIdFromSeed(1));
    expect(sessionIdFromSeed(1)).not.toBe(sessionIdFromSeed(2));
    again.dispose();
  });

  it('starts anywhere in the stream', () => {
    const later = new FrameEncoder(transfer, { symbolSize: 176, sessionId: 0x01020304, start: 5 });
    expect(later.position).toBe(5);
    expect([...later.next()]).toEqual([...frames[5]!]);
    later.dispose();
  });
});
