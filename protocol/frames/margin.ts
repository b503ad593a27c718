/**
 * How many frames to send when the receiver must not need a second pass: RaptorQ decodes from
 * K frames at least 99% of the time and from K + 2 all but about once in a million (RFC 6330),
 * so K + spare, plus room for the frames the link will lose.
 */
export interface MarginOptions {
  /** Fraction of frames expected to be lost, 0 <= lossRate < 1. */
  readonly lossRate?: number;
  /** Frames beyond K the fountain may need. */
  readonly spare?: number;
  /** Lost frames to allow for however small the transfer. */
  readonly minLost?: number;
}

export function framesToDecode(sourceSymbols: number, options: MarginOptions = {}): number {
  const lossRate = Math.min(Math.max(options.lossRate ?? 0.1, 0), 0.99);
  const spare = options.spare ?? 2;
  const minLost = options.minLost ?? 4;
  const needed = sourceSymbols + spare;
  const lost = Math.max(minLost, Math.ceil((needed * lossRate) / (1 - lossRate)));
  return needed + lost;
}
