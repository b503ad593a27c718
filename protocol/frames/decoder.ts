/**
 * Takes frames one at a time, in any order, from any point of the stream, and gives back the
 * verified transfer. It locks on to the first good frame's session (session id, digest prefix,
 * F, T); frames of any other session are refused and change nothing, unless the locked session
 * has gone stale (switchAfter frames in a row of one other session, none of ours).
 *
 * Hostile frames: a bad frame is refused before anything is allocated, and so is a frame declaring
 * more than LIMITS.maxTransferBytes or LIMITS.maxSourceSymbols (the fountain's memory grows with both). A frame with a valid
 * checksum but poisoned symbol data cannot be told apart until the transfer decodes; then the
 * digest prefix does not match, and the session starts over (status 'restarted'). Poisoned frames
 * can therefore delay a transfer (a denial of service) but never yield a wrong one.
 */
import { ProtocolError, type ProtocolErrorCode, isProtocolError } from '../errors.ts';
import type { FountainParams } from '../fountain/index.ts';
import { EXTRA_PACKETS, FountainDecoder, MAX_SOURCE_SYMBOLS } from '../fountain/index.ts';
import { sha256 } from '../hash.ts';
import { LIMITS } from '../limits.ts';
import type { Frame, SessionKey } from './frame.ts';
import { readFrame, sameSession } from './frame.ts';
import { DIGEST_PREFIX_BYTES } from './layout.ts';
import type { FrameProgress, PushResult } from './progress.ts';

export interface FrameDecoderOptions {
  /** Largest transfer a frame may declare. Default LIMITS.maxTransferBytes. */
  readonly maxTransferBytes?: number;
  /** Most source symbols (K) a frame may declare. Default LIMITS.maxSourceSymbols. */
  readonly maxSourceSymbols?: number;
  /** Distinct symbols beyond K held before the attempt is abandoned. Default EXTRA_PACKETS. */
  readonly extraPackets?: number;
  /** Consecutive good frames of one other session, none of ours, that make ours stale. 0: never. Default 32. */
  readonly switchAfter?: number;
}

export const DEFAULT_SWITCH_AFTER = 32;

interface Session {
  readonly key: SessionKey;
  readonly params: FountainParams;
  fountain: FountainDecoder;
  /** CRC of the frame that brought each symbol id: a repeat with another CRC is a conflict. */
  crcs: Map<number, number>;
}

function copyKey(frame: SessionKey): SessionKey {
  return { sessionId: frame.sessionId, digestPrefix: frame.digestPrefix.slice(), transferLength: frame.transferLength, symbolSize: frame.symbolSize };
}

export class FrameDecoder {
  readonly #maxTransferBytes: number;
  readonly #maxSourceSymbols: number;
  readonly #extraPackets: number;
  readonly #switchAfter: number;
  #session: Session | undefined;
  #result: Uint8Array | undefined;
  #foreign: { key: SessionKey; run: number } | undefined;
  #seen = 0;
  #accepted = 0;
  #rejected = 0;
  #duplicates = 0;
  #restarts = 0;
  #switches = 0;

  constructor(options: FrameDecoderOptions = {}) {
    this.#maxTransferBytes = countOption(options, 'maxTransferBytes', LIMITS.maxTransferBytes, 1, 0xffffffff);
    this.#maxSourceSymbols = countOption(options, 'maxSourceSymbols', LIMITS.maxSourceSymbols, 1, MAX_SOURCE_SYMBOLS);
    this.#extraPackets = countOption(options, 'extraPackets', EXTRA_PACKETS, 0, 1 << 20);
    this.#switchAfter = countOption(options, 'switchAfter', DEFAULT_SWITCH_AFTER, 0, Number.MAX_SAFE_INTEGER);
  }

  push(bytes: Uint8Array): PushResult {
    this.#seen++;
    if (!(bytes instanceof Uint8Array)) return this.#reject('BAD_ARGUMENT', 'a frame must be a Uint8Array');
    const read = readFrame(bytes, { maxTransferBytes: this.#maxTransferBytes, maxSourceSymbols: this.#maxSourceSymbols });
    if (!read.ok) return this.#reject(read.code, read.reason);
    const frame = read.frame;
    let switched = false;
    if (this.#session === undefined) {
      this.#lock(frame);
    } else if (!sameSession(this.#session.key, frame)) {
      if (this.#result !== undefined || !this.#staleFor(frame)) {
        return this.#reject('FOREIGN_SESSION', `frame of session ${hex32(frame.sessionId)}, locked on ${hex32(this.#session.key.sessionId)}`);
      }
      this.#lock(frame);
      this.#switches++;
      switched = true;
    }
    this.#foreign = undefined;
    if (this.#result !== undefined) return this.#report('complete');
    return this.#add(this.#session!, frame, switched);
  }

  get progress(): FrameProgress {
    const s = this.#session;
    const k = s?.params.sourceSymbols;
    const packets = s?.fountain.packets ?? 0;
    const complete = this.#result !== undefined;
    return {
      framesSeen: this.#seen,
      framesAccepted: this.#accepted,
      framesRejected: this.#rejected,
      duplicates: this.#duplicates,
      sessionId: s?.key.sessionId,
      sourceSymbols: k,
      packets,
      framesNeeded: complete ? 0 : k === undefined ? undefined : Math.max(1, k - packets),
      fraction: complete ? 1 : k === undefined ? 0 : Math.min(packets / k, 0.99),
      complete,
      restarts: this.#restarts,
      switches: this.#switches,
    };
  }

  get complete(): boolean {
    return this.#result !== undefined;
  }

  /** The verified transfer; throws ProtocolError('INCOMPLETE') before the transfer is complete. */
  result(): Uint8Array {
    if (this.#result === undefined) {
      const p = this.progress;
      throw new ProtocolError('INCOMPLETE', `the transfer is not complete: ${p.packets} of about ${p.sourceSymbols ?? '?'} frames`);
    }
    return this.#result;
  }

  /** Forgets the session (and any result); the next good frame locks on afresh. */
  reset(): void {
    this.#session?.fountain.dispose();
    this.#session = undefined;
    this.#result = undefined;
    this.#foreign = undefined;
  }

  /** Frees the wasm decoder. */
  dispose(): void {
    this.#session?.fountain.dispose();
  }

  #add(session: Session, frame: Frame, switched: boolean): PushResult {
    const known = session.crcs.get(frame.esi);
    if (known !== undefined) {
      if (known === frame.crc) {
        this.#duplicates++;
        return this.#report('duplicate');
      }
      return this.#reject('BAD_FRAME', `symbol ${frame.esi} differs from an earlier frame with the same id`);
    }
    let added;
    try {
      added = session.fountain.add(frame.packet);
    } catch (error) {
      if (!isProtocolError(error)) throw error;
      return this.#restart(session, error.code, error.message);
    }
    switch (added.kind) {
      case 'duplicate':
        this.#duplicates++;
        return this.#report('duplicate');
      case 'full':
        return this.#restart(session, 'BAD_FRAME', `${session.fountain.packets} distinct frames did not decode`);
      case 'added':
        session.crcs.set(frame.esi, frame.crc);
        this.#accepted++;
        return this.#report(switched ? 'switched' : 'accepted');
      case 'decoded': {
        this.#accepted++;
        const digest = sha256(added.transfer);
        for (let i = 0; i < DIGEST_PREFIX_BYTES; i++) {
          if (digest[i] !== session.key.digestPrefix[i]) {
            return this.#restart(session, 'DIGEST_MISMATCH', 'the decoded transfer does not match its digest: some frames were poisoned');
          }
        }
        this.#result = added.transfer;
        return this.#report('complete');
      }
    }
  }

  #lock(frame: Frame): void {
    this.#session?.fountain.dispose();
    this.#session = { key: copyKey(frame), params: frame.params, fountain: this.#newFountain(frame.params), crcs: new Map() };
  }

  #newFountain(params: FountainParams): FountainDecoder {
    return new FountainDecoder(params, { maxPackets: params.sourceSymbols + this.#extraPackets });
  }

  /** Counts a run of frames of one other session; true once it is long enough to give up ours. */
  #staleFor(frame: Frame): boolean {
    if (this.#foreign !== undefined && sameSession(this.#foreign.key, frame)) this.#foreign.run++;
    else this.#foreign = { key: copyKey(frame), run: 1 };
    return this.#switchAfter > 0 && this.#foreign.run >= this.#switchAfter;
  }

  #restart(session: Session, code: ProtocolErrorCode, reason: string): PushResult {
    session.fountain.dispose();
    session.fountain = this.#newFountain(session.params);
    session.crcs = new Map();
    this.#restarts++;
    return { status: 'restarted', code, reason, progress: this.progress };
  }

  #reject(code: ProtocolErrorCode, reason: string): PushResult {
    this.#rejected++;
    return { status: 'rejected', code, reason, progress: this.progress };
  }

  #report(status: 'accepted' | 'duplicate' | 'complete' | 'switched'): PushResult {
    return { status, progress: this.progress };
  }
}

function countOption(options: FrameDecoderOptions, name: keyof FrameDecoderOptions, fallback: number, min: number, max: number): number {
  const value = options[name] ?? fallback;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new ProtocolError('BAD_ARGUMENT', `"${name}" expected an integer from ${min} to ${max}, got ${value}`, { fields: [name] });
  }
  return value;
}

function hex32(n: number): string {
  return n.toString(16).padStart(8, '0');
}
