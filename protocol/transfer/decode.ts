/** Unwraps a transfer into the message bytes it carries, within the caps of protocol/limits.ts. */
import { ProtocolError } from '../errors.ts';
import { checkChecksum } from './checksum.ts';
import { transferDictionary } from './dictionary.ts';
import { MAX_DEFLATE_RATIO, TRANSFER_HEADER_BYTES, TRANSFER_TRAILER_BYTES } from './format.ts';
import { readTransferHeader } from './header.ts';
import { inflateExactly } from './inflate.ts';

export function decodeTransfer(transfer: Uint8Array): Uint8Array {
  const header = readTransferHeader(transfer);
  // Before a byte of the payload is read: a damaged transfer is never inflated or decoded.
  checkChecksum(transfer);
  const payload = transfer.subarray(TRANSFER_HEADER_BYTES, transfer.length - TRANSFER_TRAILER_BYTES);
  if (header.compression === 'stored') {
    if (payload.length < header.messageLength) {
      throw new ProtocolError('TRUNCATED', `transfer holds ${payload.length} of the ${header.messageLength} message bytes it declares`);
    }
    if (payload.length > header.messageLength) {
      throw new ProtocolError('TRAILING_BYTES', `transfer holds ${payload.length - header.messageLength} bytes past the message it declares`);
    }
    return payload.slice();
  }
  if (header.messageLength > payload.length * MAX_DEFLATE_RATIO) {
    throw new ProtocolError('DECOMPRESS_FAILED', `a ${payload.length}-byte deflate payload cannot inflate to the ${header.messageLength} bytes declared`);
  }
  return inflateExactly(payload, header.messageLength, transferDictionary());
}
