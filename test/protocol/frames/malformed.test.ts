/**
 * Hostile and broken frames, fed to a decoder in the middle of a session: each gets its typed
 * rejection, none disturbs the session, and the session then completes with the right bytes.
 */
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../protocol/bytes.ts';
import { FrameDecoder, FrameEncoder, readFrame } from '../../../protocol/frames/index.ts';
import { frameWithSymbolSize, reseal, tamper } from './forge.ts';
import { randomBytes, seededRandom } from './support.ts';

const transfer = randomBytes(3000, seededRandom(21));
const T = 176; // K = 18 = K', 64 repair symbols per cycle
const encoder = new FrameEncoder(transfer, { symbolSize: T, sessionId: 0xa1b2c3d4 });
const stream = Array.from({ length: 40 }, () => encoder.next());
const good = stream[20]!; // a repair frame
const other = new FrameEncoder(utf8('another transfer entirely'), { symbolSize: T, sessionId: 0x0badf00d }).next();
const sameIdOtherBytes = new FrameEncoder(new Uint8Array(3000), { symbolSize: T, sessionId: 0xa1b2c3d4 }).next();

const cases: [string, Uint8Array | unknown, string][] = [
  ['nothing', new Uint8Array(0), 'TRUNCATED'],
  ['one byte', Uint8Array.of(0x41), 'TRUNCATED'],
  ['a zip file', Uint8Array.of(0x50, 0x4b, 3, 4, 20, 0), 'BAD_MAGIC'],
  ['a URL QR code', utf8('https://example.org/'), 'BAD_MAGIC'],
  ['zeros', new Uint8Array(206), 'BAD_MAGIC'],
  ['magic only', Uint8Array.of(0x41, 0x53), 'TRUNCATED'],
  ['version 0', tamper(good, { version: 0 }), 'UNKNOWN_VERSION'],
  ['version 2', tamper(good, { version: 2 }), 'UNKNOWN_VERSION'],
  ['version 255', tamper(good, { version: 255 }), 'UNKNOWN_VERSION'],
  ['a header alone', good.subarray(0, 26), 'TRUNCATED'],
  ['one byte short', good.subarray(0, good.length - 1), 'TRUNCATED'],
  ['half a frame', good.subarray(0, 100), 'TRUNCATED'],
  ['one byte extra', new Uint8Array([...good, 0]), 'TRAILING_BYTES'],
  ['a flipped symbol bit', (() => { const f = good.slice(); f[100]! ^= 4; return f; })(), 'BAD_CHECKSUM'],
  ['a flipped checksum bit', (() => { const f = good.slice(); f[f.length - 1]! ^= 1; return f; })(), 'BAD_CHECKSUM'],
  ['a flipped header bit', (() => { const f = good.slice(); f[17]! ^= 0x80; return f; })(), 'BAD_CHECKSUM'],
  ['flags set', tamper(good, { flags: 1 }), 'BAD_FRAME'],
  ['transfer length 0', tamper(good, { transferLength: 0 }), 'BAD_FRAME'],
  ['transfer length 4 GiB', tamper(good, { transferLength: 0xffffffff }), 'TOO_LARGE'],
  ['transfer length just over the cap', tamper(good, { transferLength: 4 * 1024 * 1024 + 1 }), 'TOO_LARGE'],
  ['more symbols than one block holds', frameWithSymbolSize(good, 64, 64 * 56404), 'TOO_LARGE'],
  ['4 MiB in 80-byte symbols (K = 52429)', frameWithSymbolSize(good, 80, 4 * 1024 * 1024), 'TOO_LARGE'],
  ['one source symbol over the cap', frameWithSymbolSize(good, 64, 64 * 8192 + 1), 'TOO_LARGE'],
  ['symbol size 0', frameWithSymbolSize(good, 0, 100), 'BAD_FRAME'],
  ['symbol size 8 (raptorq would panic)', frameWithSymbolSize(good, 8, 100), 'BAD_FRAME'],
  ['symbol size 63', frameWithSymbolSize(good, 63, 100), 'BAD_FRAME'],
  ['symbol size 177 (unaligned)', frameWithSymbolSize(good, 177, 3000), 'BAD_FRAME'],
  ['symbol size 65535', frameWithSymbolSize(good, 65535, 3000), 'BAD_FRAME'],
  ['symbol size field larger than the frame', tamper(good, { symbolSize: 1000 }), 'TRUNCATED'],
  ['symbol size field smaller than the frame', tamper(good, { symbolSize: 64 }), 'TRAILING_BYTES'],
  ['source block 1', tamper(good, { sourceBlock: 1 }), 'BAD_FRAME'],
  ['source block 255', tamper(good, { sourceBlock: 255 }), 'BAD_FRAME'],
  ['a padding symbol id', tamper(frameWithSymbolSize(good, T, 17 * T), { esi: 17 }), 'BAD_FRAME'], // K=17, K'=18
  ['a symbol id past the cycle', tamper(good, { esi: 18 + 64 }), 'BAD_FRAME'],
  ['symbol id 2^24-1', tamper(good, { esi: 0xffffff }), 'BAD_FRAME'],
  ['another session', other, 'FOREIGN_SESSION'],
  ['the same session id over other bytes', sameIdOtherBytes, 'FOREIGN_SESSION'],
  ['another session id on our frame', tamper(good, { sessionId: 0xa1b2c3d5 }), 'FOREIGN_SESSION'],
  ['another transfer length on our digest', tamper(good, { transferLength: 2999, esi: 0 }), 'FOREIGN_SESSION'],
  ['a symbol that contradicts one already held', tamper(stream[3]!, { symbolByte: { at: 0, xor: 1 } }), 'BAD_FRAME'],
  ['not bytes at all', 'AS frame as text', 'BAD_ARGUMENT'],
];

describe('malformed frames', () => {
  it('the fixtures are what they claim: the template frame is good', () => {
    expect(readFrame(good).ok).toBe(true);
    expect(readFrame(reseal(good)).ok).toBe(true);
  });

  // Session checks need a decoder; readFrame alone judges everything else.
  const standalone = cases.filter(([name, bytes, code]) => bytes instanceof Uint8Array && code !== 'FOREIGN_SESSION' && !name.includes('contradicts'));
  it.each(standalone.map(([name, bytes, code]) => ({ name, bytes: bytes as Uint8Array, code })))('readFrame refuses $name with $code', ({ bytes, code }) => {
    const r = readFrame(bytes);
    expect(r.ok ? 'ok' : r.code).toBe(code);
  });

  it('refuses each one mid-session without disturbing it, and the session completes', () => {
    const decoder = new FrameDecoder();
    for (const f of stream.slice(0, 10)) expect(decoder.push(f).status).toBe('accepted');
    for (const [name, bytes, code] of cases) {
      const before = decoder.progress;
      const r = decoder.push(bytes as Uint8Array);
      expect({ name, status: r.status, code: 'code' in r ? r.code : undefined }).toEqual({ name, status: 'rejected', code });
      expect(r.progress.packets, name).toBe(before.packets);
      expect(r.progress.sessionId, name).toBe(0xa1b2c3d4);
    }
    expect(decoder.progress.framesRejected).toBe(cases.length);
    let last;
    for (const f of stream.slice(10)) {
      last = decoder.push(f);
      if (last.status === 'complete') break;
    }
    expect(last?.status).toBe('complete');
    expect([...decoder.result()]).toEqual([...transfer]);
    expect(decoder.progress.restarts).toBe(0);
    decoder.dispose();
  });

  it('honours a configured transfer cap', () => {
    expect(readFrame(good, { maxTransferBytes: 2999 })).toMatchObject({ ok: false, code: 'TOO_LARGE' });
    expect(new FrameDecoder({ maxTransferBytes: 2999 }).push(good)).toMatchObject({ status: 'rejected', code: 'TOO_LARGE' });
  });
});
