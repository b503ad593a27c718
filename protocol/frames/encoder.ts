/**
 * The frame stream of one transfer: endless, each frame self-describing. The stream is the
 * RaptorQ packet stream (fountain/encoder.ts) with the frame header and checksum around each.
 */
import { ProtocolError } from '../errors.ts';
import { FountainEncoder } from '../fountain/index.ts';
import { sha256 } from '../hash.ts';
import { LIMITS } from '../limits.ts';
import type { DensityName, DensityPreset } from './density.ts';
import { DEFAULT_DENSITY, densityByName } from './density.ts';
import type { SessionKey } from './frame.ts';
import { writeFrame } from './frame.ts';
import { DIGEST_PREFIX_BYTES, frameBytesFor } from './layout.ts';
import { isSessionId, randomSessionId } from './session.ts';

export interface FrameEncoderOptions {
  /** A preset or its name; ignored when symbolSize is given. Default DEFAULT_DENSITY. */
  readonly density?: DensityName | DensityPreset;
  /** T in bytes: a multiple of 8 from 64. */
  readonly symbolSize?: number;
  /** Fixed session id (golden vectors, reproducible files); random when absent. */
  readonly sessionId?: number;
  /** Stream position of the first frame next() returns. Default 0. */
  readonly start?: number;
  /** Refuse larger transfers. Default LIMITS.maxTransferBytes. */
  readonly maxTransferBytes?: number;
  /** Refuse transfers of more source symbols (readers refuse them). Default LIMITS.maxSourceSymbols. */
  readonly maxSourceSymbols?: number;
}

export class FrameEncoder {
  readonly key: SessionKey;
  readonly sourceSymbols: number;
  /** Frames before the stream repeats itself. */
  readonly cycleLength: number;
  readonly frameBytes: number;
  #fountain: FountainEncoder;
  #position: number;

  constructor(transfer: Uint8Array, options: FrameEncoderOptions = {}) {
    if (!(transfer instanceof Uint8Array) || transfer.length === 0) {
      throw new ProtocolError('BAD_ARGUMENT', '"transfer" expected a non-empty Uint8Array', { fields: ['transfer'] });
    }
    const cap = options.maxTransferBytes ?? LIMITS.maxTransferBytes;
    if (transfer.length > cap) throw new ProtocolError('TOO_LARGE', `transfer of ${transfer.length} bytes exceeds the cap of ${cap}`, { fields: ['transfer'] });
    const sessionId = options.sessionId ?? randomSessionId();
    if (!isSessionId(sessionId)) throw new ProtocolError('BAD_ARGUMENT', `"sessionId" expected a u32, got ${sessionId}`, { fields: ['sessionId'] });
    const start = options.start ?? 0;
    if (!Number.isSafeInteger(start) || start < 0) throw new ProtocolError('BAD_ARGUMENT', `"start" expected a non-negative integer, got ${start}`, { fields: ['start'] });
    const symbolSize = options.symbolSize ?? densityOf(options.density).symbolSize;
    const maxSymbols = options.maxSourceSymbols ?? LIMITS.maxSourceSymbols;
    const sourceSymbols = Math.ceil(transfer.length / symbolSize);
    if (Number.isInteger(symbolSize) && symbolSize > 0 && sourceSymbols > maxSymbols) {
      throw new ProtocolError('TOO_LARGE', `transfer of ${transfer.length} bytes is ${sourceSymbols} frames of ${symbolSize} bytes, more than the ${maxSymbols} a reader takes; choose a denser frame size`, { fields: ['transfer'] });
    }
    this.#fountain = new FountainEncoder(transfer, symbolSize);
    this.key = { sessionId, digestPrefix: sha256(transfer).slice(0, DIGEST_PREFIX_BYTES), transferLength: transfer.length, symbolSize };
    this.sourceSymbols = this.#fountain.params.sourceSymbols;
    this.cycleLength = this.#fountain.params.cycleLength;
    this.frameBytes = frameBytesFor(symbolSize);
    this.#position = start;
  }

  get sessionId(): number {
    return this.key.sessionId;
  }

  get symbolSize(): number {
    return this.key.symbolSize;
  }

  /** Stream position of the frame next() returns. */
  get position(): number {
    return this.#position;
  }

  /** The next frame of the endless stream. */
  next(): Uint8Array {
    const frame = this.frameAt(this.#position);
    this.#position++;
    return frame;
  }

  /** The frame at any stream position (the same bytes every time). */
  frameAt(position: number): Uint8Array {
    return writeFrame(this.key, this.#fountain.packetAt(position));
  }

  /** Frees the wasm encoder; the encoder cannot be used afterwards. */
  dispose(): void {
    this.#fountain.dispose();
  }
}

function densityOf(density: DensityName | DensityPreset | undefined): DensityPreset {
  if (density === undefined) return densityByName(DEFAULT_DENSITY);
  return typeof density === 'string' ? densityByName(density) : density;
}
