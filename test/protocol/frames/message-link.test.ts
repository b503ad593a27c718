/** Messages over frames end to end: message → transfer → frames (lossy, shuffled) → transfer → the same message. */
import { describe, expect, it } from 'vitest';
import { FrameDecoder, FrameEncoder } from '../../../protocol/frames/index.ts';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { Message } from '../../../protocol/messages/index.ts';
import { FIXED_MESSAGES } from '../messages/fixed-messages.ts';
import { typicalRequest, typicalResponse } from '../messages/typical.ts';
import { seededRandom, shuffle } from './support.ts';

const messages: [string, Message][] = [
  ...Object.entries(FIXED_MESSAGES),
  ['a request of 200 APKs', typicalRequest(200)],
  ['a response for 200 APKs', typicalResponse(200)],
];

describe('messages over frames', () => {
  it.each(messages.map(([name, message]) => ({ name, message })))('$name arrives intact through lost and shuffled frames', ({ message }) => {
    const random = seededRandom(51);
    const transfer = messageToTransfer(message);
    const encoder = new FrameEncoder(transfer, { density: 'medium', start: Math.floor(random() * 1000) });
    const sent = Array.from({ length: 3 * encoder.sourceSymbols + 10 }, () => encoder.next()).filter(() => random() >= 0.3);
    encoder.dispose();
    const decoder = new FrameDecoder();
    for (const frame of shuffle(sent, random)) if (decoder.push(frame).status === 'complete') break;
    expect(decoder.complete).toBe(true);
    expect(transferToMessage(decoder.result())).toEqual(message);
  });
});
