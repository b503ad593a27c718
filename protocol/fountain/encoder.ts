/**
 * An endless RaptorQ packet stream over one transfer. raptorq's encode(n) always returns the K
 * source packets and repair packets 0..n-1, so the stream is produced in batches that double in
 * size, keeping only the current batch; after K source and R repair packets it starts over (see
 * params.ts for R), which bounds memory at a few times the transfer whatever the stream length.
 */
import { Encoder } from 'raptorq/raptorq.js';
import { ProtocolError } from '../errors.ts';
import { assertFountainReady } from './init.ts';
import { PAYLOAD_ID_BYTES, readPayloadId } from './packet.ts';
import type { FountainParams } from './params.ts';
import { esiAtPosition, fountainParams } from './params.ts';
import { releaseWasmObject, trackWasmObject } from './wasm-objects.ts';

/** Repair packets in the first batch; later batches double until the cycle ends. */
function firstRepairBatch(params: FountainParams): number {
  return Math.min(params.repairSymbols, Math.max(16, Math.ceil(params.sourceSymbols / 4)));
}

export class FountainEncoder {
  readonly params: FountainParams;
  #wasm: Encoder | undefined;
  /** Packets for cycle positions windowStart .. windowStart + window.length - 1. */
  #window: Uint8Array[] = [];
  #windowStart = 0;

  constructor(transfer: Uint8Array, symbolSize: number) {
    assertFountainReady();
    this.params = fountainParams(transfer.length, symbolSize);
    this.#wasm = Encoder.with_defaults(transfer, symbolSize);
    trackWasmObject(this, this.#wasm);
  }

  /** The packet (payload id + symbol) at a stream position; positions past the cycle repeat it. */
  packetAt(position: number): Uint8Array {
    if (!Number.isSafeInteger(position) || position < 0) {
      throw new ProtocolError('BAD_ARGUMENT', `"position" expected a non-negative integer, got ${position}`, { fields: ['position'] });
    }
    const inCycle = position % this.params.cycleLength;
    if (inCycle < this.#windowStart || inCycle >= this.#windowStart + this.#window.length) this.#fill(inCycle);
    return this.#window[inCycle - this.#windowStart]!;
  }

  /** Frees the wasm encoder; packetAt() throws afterwards. */
  dispose(): void {
    releaseWasmObject(this, this.#wasm);
    this.#wasm = undefined;
    this.#window = [];
  }

  #fill(inCycle: number): void {
    if (this.#wasm === undefined) throw new ProtocolError('BAD_ARGUMENT', 'the fountain encoder was disposed');
    const { sourceSymbols: k, repairSymbols: r } = this.params;
    let start = 0;
    let end = k + firstRepairBatch(this.params);
    while (inCycle >= end) {
      start = end;
      end = k + Math.min(r, 2 * (end - k));
    }
    const packets = this.#wasm.encode(end - k);
    this.#checkBatch(packets, end);
    this.#window = packets.slice(start, end);
    this.#windowStart = start;
  }

  /** The wasm must agree with our reading of RFC 6330 (ids, sizes), or frames would not decode. */
  #checkBatch(packets: Uint8Array[], end: number): void {
    const size = PAYLOAD_ID_BYTES + this.params.symbolSize;
    const last = packets[end - 1];
    const ok =
      packets.length === end &&
      last !== undefined &&
      last.length === size &&
      readPayloadId(last).sourceBlock === 0 &&
      readPayloadId(last).esi === esiAtPosition(this.params, end - 1);
    if (!ok) throw new ProtocolError('UNSUPPORTED', 'the raptorq wasm produced packets this protocol does not expect');
  }
}
