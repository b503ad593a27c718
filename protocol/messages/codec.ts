/**
 * Messages to canonical bytes and back. Both directions validate against the schema, so no
 * side ever sends or accepts a message the other would refuse, and `decodeMessage` accepts
 * exactly the bytes `encodeMessage` produces.
 */
import { decodeCanonical, encodeCanonical } from '../encoding/index.ts';
import type { Message } from './message.ts';
import { parseMessage } from './parse.ts';

export function encodeMessage(msg: Message): Uint8Array {
  return encodeCanonical(parseMessage(msg));
}

export function decodeMessage(bytes: Uint8Array): Message {
  return parseMessage(decodeCanonical(bytes));
}
