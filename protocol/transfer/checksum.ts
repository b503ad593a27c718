/** A transfer's CRC-32 trailer: written over every byte before it, checked before the payload is read. */
import { readU32BE, writeU32BE } from '../bytes.ts';
import { crc32 } from '../crc32.ts';
import { ProtocolError } from '../errors.ts';
import { TRANSFER_TRAILER_BYTES } from './format.ts';

/** Writes the trailer into the last 4 bytes of `transfer`, over the bytes before them. */
export function sealChecksum(transfer: Uint8Array): void {
  const end = transfer.length - TRANSFER_TRAILER_BYTES;
  writeU32BE(transfer, end, crc32(transfer, 0, end));
}

/** Refuses a transfer whose trailer does not match its bytes (BAD_CHECKSUM). */
export function checkChecksum(transfer: Uint8Array): void {
  const end = transfer.length - TRANSFER_TRAILER_BYTES;
  const stored = readU32BE(transfer, end);
  const actual = crc32(transfer, 0, end);
  if (stored !== actual) {
    throw new ProtocolError('BAD_CHECKSUM', `transfer checksum mismatch (CRC-32 ${hex8(actual)}, trailer says ${hex8(stored)}): the file or stream was damaged`);
  }
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');
