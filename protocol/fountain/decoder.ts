/**
 * Collects RaptorQ packets of one transfer until it decodes. Every packet is checked before the
 * wasm sees it (packet.ts), duplicates are dropped by symbol id here (raptorq drops them too, but
 * we keep the count honest), and at most maxPackets distinct packets are held: if that many do
 * not decode, the caller is told ('full') and should start over, so memory stays bounded.
 */
import { Decoder } from 'raptorq/raptorq.js';
import { ProtocolError } from '../errors.ts';
import { assertFountainReady } from './init.ts';
import { packetProblem, readPayloadId } from './packet.ts';
import type { FountainParams } from './params.ts';
import { releaseWasmObject, trackWasmObject } from './wasm-objects.ts';

/**
 * Distinct packets beyond K kept before giving up. RaptorQ fails to decode from K + h packets with
 * probability about 100^-(h+1) or less (RFC 6330), so honest packets never get near this.
 */
export const EXTRA_PACKETS = 32;

export type FountainAddResult =
  | { readonly kind: 'added' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'decoded'; readonly transfer: Uint8Array }
  | { readonly kind: 'full' };

export class FountainDecoder {
  readonly params: FountainParams;
  readonly maxPackets: number;
  #wasm: Decoder | undefined;
  #seen = new Set<number>();
  #done = false;

  constructor(params: FountainParams, options: { maxPackets?: number } = {}) {
    assertFountainReady();
    this.params = params;
    this.maxPackets = options.maxPackets ?? params.sourceSymbols + EXTRA_PACKETS;
    this.#wasm = Decoder.with_defaults(BigInt(params.transferLength), params.symbolSize);
    trackWasmObject(this, this.#wasm);
  }

  /** Distinct packets held. */
  get packets(): number {
    return this.#seen.size;
  }

  has(esi: number): boolean {
    return this.#seen.has(esi);
  }

  /** Adds one packet (payload id + symbol). Throws ProtocolError('BAD_FRAME') for a packet raptorq must not see. */
  add(packet: Uint8Array): FountainAddResult {
    const problem = packetProblem(this.params, packet);
    if (problem !== undefined) throw new ProtocolError('BAD_FRAME', problem);
    const { esi } = readPayloadId(packet);
    if (this.#done || this.#seen.has(esi)) return { kind: 'duplicate' };
    if (this.#wasm === undefined) throw new ProtocolError('BAD_ARGUMENT', 'the fountain decoder was disposed');
    if (this.#seen.size >= this.maxPackets) return { kind: 'full' };
    this.#seen.add(esi);
    let out: Uint8Array | undefined;
    try {
      out = this.#wasm.decode(packet);
    } catch (cause) {
      // Cannot happen for checked packets; if it does, this decoder's wasm state is suspect.
      this.dispose();
      throw new ProtocolError('BAD_FRAME', 'the fountain decoder failed on a packet', { cause });
    }
    if (out === undefined) return this.#seen.size >= this.maxPackets ? { kind: 'full' } : { kind: 'added' };
    this.#done = true;
    this.dispose();
    if (out.length !== this.params.transferLength) {
      throw new ProtocolError('BAD_FRAME', `the fountain decoded ${out.length} bytes, expected ${this.params.transferLength}`);
    }
    return { kind: 'decoded', transfer: out };
  }

  /** Frees the wasm decoder. Done automatically once the transfer decodes. */
  dispose(): void {
    releaseWasmObject(this, this.#wasm);
    this.#wasm = undefined;
  }
}
