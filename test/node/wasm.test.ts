/** node/wasm.ts: both programs load the RaptorQ wasm from disk (node_modules here, assets/ in the bundle) and can then decode frames. */
import { describe, expect, it } from 'vitest';
import { isFountainReady } from '../../protocol/fountain/index.ts';
import { FrameDecoder, FrameEncoder } from '../../protocol/frames/index.ts';
import { loadFountain } from '../../node/wasm.ts';

describe('loadFountain', () => {
  it('loads once and makes frames work', () => {
    expect(isFountainReady()).toBe(false);
    loadFountain();
    loadFountain();
    expect(isFountainReady()).toBe(true);
    const transfer = new TextEncoder().encode('a signing response, say');
    const encoder = new FrameEncoder(transfer, { density: 'sparse' });
    const decoder = new FrameDecoder();
    expect(decoder.push(encoder.next()).status).toBe('complete');
    expect(new TextDecoder().decode(decoder.result())).toBe('a signing response, say');
    encoder.dispose();
  });
});
