/** Unwraps a transfer into the message bytes it carries, within the caps of protocol/limits.ts. */
import { ProtocolError } from '../errors.ts';
import { transferDictionary } from './dictionary.ts';
import { MAX_DEFLATE_RATIO, TRANSFER_HEADER_BYTES } from './format.ts';
import { readTransferHeader } from './header.ts';
import { inflateExactly } from './inflate.ts';

export function decodeTransfer(transfer: Uint8Array): Uint8Array {
  const header = readTransferHeader(transfer);
  const payload = transfer.subarray(TRANSFER_HEADER_BYTES);
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
