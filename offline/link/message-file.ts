/**
 * Messages as files (the USB-stick fallback, and tests): a file holds one transfer, the same
 * bytes the frames carry. Its size is checked before a byte is read.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { LIMITS } from '../../protocol/limits.ts';
import { decodeMessage, messageToTransfer } from '../../protocol/messages/index.ts';
import type { Message } from '../../protocol/messages/index.ts';
import { decodeTransfer } from '../../protocol/transfer/index.ts';
import { sha256Bytes } from '../digest.ts';
import { SignerError } from '../errors.ts';
import { writeFileAtomic } from '../state/files.ts';
import { linkFailure, linkRefusal } from './link-error.ts';

/** Reads a file of at most `max` bytes, refusing a larger one before allocating. */
export function readBoundedFile(path: string, max: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (cause) {
    throw new SignerError('IO', `cannot open ${path}`, { cause });
  }
  try {
    const size = fstatSync(fd).size;
    if (size > max) throw linkRefusal('TOO_LARGE', `${path} has ${size} bytes; a transfer has at most ${max}`);
    const out = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, out, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return at === size ? out : out.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

export interface ReadMessage {
  readonly message: Message;
  /**
   * SHA-256 of the message's bytes. The decoder accepts only the canonical encoding, so this is
   * the message's digest (messageDigest) without encoding it again.
   */
  readonly digest: Uint8Array;
}

/** A transfer to its message, every failure a typed BAD_REQUEST. */
export function readTransfer(transfer: Uint8Array, where: string): ReadMessage {
  try {
    const bytes = decodeTransfer(transfer);
    return { message: decodeMessage(bytes), digest: sha256Bytes(bytes) };
  } catch (error) {
    throw linkFailure(error, where);
  }
}

export function readMessageFile(path: string): ReadMessage {
  return readTransfer(readBoundedFile(path, LIMITS.maxTransferBytes), path);
}

export function writeMessageFile(path: string, message: Message): void {
  writeFileAtomic(path, messageToTransfer(message), 0o644);
}
