/** Wraps message bytes in a transfer, deflated when that makes it smaller, sealed with its CRC-32. */
import { deflateSync } from 'fflate';
import { writeU32BE } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { LIMITS } from '../limits.ts';
import { transferDictionary } from './dictionary.ts';
import { sealChecksum } from './checksum.ts';
import { COMPRESSION, TRANSFER_HEADER_BYTES, TRANSFER_MAGIC, TRANSFER_TRAILER_BYTES, TRANSFER_VERSION } from './format.ts';

export function encodeTransfer(message: Uint8Array): Uint8Array {
  if (!(message instanceof Uint8Array)) throw new ProtocolError('BAD_ARGUMENT', '"message" expected Uint8Array');
  if (message.length > LIMITS.maxMessageBytes) {
    throw new ProtocolError('TOO_LARGE', `message is ${message.length} bytes, more than the ${LIMITS.maxMessageBytes} allowed`);
  }
  // Level 9: messages are small and sent over a slow optical link, so every byte saved is worth the CPU.
  const deflated = deflateSync(message, { level: 9, dictionary: transferDictionary() });
  const compress = deflated.length < message.length;
  const payload = compress ? deflated : message;
  const out = new Uint8Array(TRANSFER_HEADER_BYTES + payload.length + TRANSFER_TRAILER_BYTES);
  out.set(TRANSFER_MAGIC, 0);
  out[3] = TRANSFER_VERSION;
  out[4] = compress ? COMPRESSION.deflate : COMPRESSION.stored;
  writeU32BE(out, 5, message.length);
  out.set(payload, TRANSFER_HEADER_BYTES);
  sealChecksum(out);
  if (out.length > LIMITS.maxTransferBytes) {
    throw new ProtocolError('TOO_LARGE', `transfer is ${out.length} bytes, more than the ${LIMITS.maxTransferBytes} allowed`);
  }
  return out;
}
