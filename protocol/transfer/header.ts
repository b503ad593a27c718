/** Reads and checks a transfer's header, before anything of its payload is touched (the checksum is checkChecksum's). */
import { readU32BE } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { LIMITS } from '../limits.ts';
import { COMPRESSION, TRANSFER_HEADER_BYTES, TRANSFER_MAGIC, TRANSFER_TRAILER_BYTES, TRANSFER_VERSION } from './format.ts';
import type { TransferHeader } from './format.ts';

export function readTransferHeader(transfer: Uint8Array): TransferHeader {
  if (!(transfer instanceof Uint8Array)) throw new ProtocolError('BAD_ARGUMENT', '"transfer" expected Uint8Array');
  if (transfer.length > LIMITS.maxTransferBytes) {
    throw new ProtocolError('TOO_LARGE', `transfer is ${transfer.length} bytes, more than the ${LIMITS.maxTransferBytes} allowed`);
  }
  for (let i = 0; i < TRANSFER_MAGIC.length && i < transfer.length; i++) {
    if (transfer[i] !== TRANSFER_MAGIC[i]) throw new ProtocolError('BAD_MAGIC', 'not an airsign transfer (bad magic)');
  }
  if (transfer.length < TRANSFER_HEADER_BYTES + TRANSFER_TRAILER_BYTES) {
    throw new ProtocolError('TRUNCATED', `transfer is ${transfer.length} bytes, shorter than its ${TRANSFER_HEADER_BYTES}-byte header and ${TRANSFER_TRAILER_BYTES}-byte checksum`);
  }
  const version = transfer[3]!;
  if (version !== TRANSFER_VERSION) throw new ProtocolError('UNKNOWN_VERSION', `transfer format version ${version} is not supported (this side reads ${TRANSFER_VERSION})`);
  const flag = transfer[4]!;
  const compression = flag === COMPRESSION.stored ? 'stored' : flag === COMPRESSION.deflate ? 'deflate' : undefined;
  if (compression === undefined) throw new ProtocolError('UNSUPPORTED', `transfer compression ${flag} is not supported`);
  const messageLength = readU32BE(transfer, 5);
  if (messageLength > LIMITS.maxMessageBytes) {
    throw new ProtocolError('TOO_LARGE', `transfer declares a ${messageLength}-byte message, more than the ${LIMITS.maxMessageBytes} allowed`);
  }
  return { version, compression, messageLength };
}
