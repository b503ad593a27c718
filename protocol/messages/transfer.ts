/** A message straight to the transfer that frames and message files carry, and back. */
import { decodeTransfer, encodeTransfer } from '../transfer/index.ts';
import { decodeMessage, encodeMessage } from './codec.ts';
import type { Message } from './message.ts';

export function messageToTransfer(msg: Message): Uint8Array {
  return encodeTransfer(encodeMessage(msg));
}

export function transferToMessage(transfer: Uint8Array): Message {
  return decodeMessage(decodeTransfer(transfer));
}
