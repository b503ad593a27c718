/** A message's identity: SHA-256 of its canonical bytes. A response quotes its request's as `requestDigest`. */
import { sha256 } from '../hash.ts';
import { decodeMessage, encodeMessage } from './codec.ts';
import type { Message } from './message.ts';

/**
 * Given a message, digests its encoding. Given bytes, first checks they are a valid canonical
 * message (so a transfer or a stray file can never be digested by mistake), then digests them.
 */
export function messageDigest(msgOrBytes: Message | Uint8Array): Uint8Array {
  if (msgOrBytes instanceof Uint8Array) {
    decodeMessage(msgOrBytes);
    return sha256(msgOrBytes);
  }
  return sha256(encodeMessage(msgOrBytes));
}
