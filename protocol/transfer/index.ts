export { encodeTransfer } from './encode.ts';
export { decodeTransfer } from './decode.ts';
export { readTransferHeader } from './header.ts';
export { sealChecksum } from './checksum.ts';
export { TRANSFER_HEADER_BYTES, TRANSFER_MAGIC, TRANSFER_TRAILER_BYTES, TRANSFER_VERSION } from './format.ts';
export type { Compression, TransferHeader } from './format.ts';
