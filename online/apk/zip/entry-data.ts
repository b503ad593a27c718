/**
 * An entry's uncompressed bytes: read, inflated when deflated, and checked against the sizes and
 * CRC-32 the central directory declares. Large entries are streamed so memory stays bounded.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import { ApkError } from '../errors.ts';
import type { RandomAccessFile } from './random-access-file.ts';
import type { ZipEntry } from './zip-archive.ts';

/** Entries up to this size (compressed and uncompressed) are handled in one piece. */
const IN_MEMORY_LIMIT = 32 * 1024 * 1024;
const CHUNK = 1024 * 1024;

function corrupt(entry: ZipEntry, why: string, cause?: unknown): ApkError {
  return new ApkError('CORRUPT_ENTRY', `entry ${entry.name}: ${why}`, { entry: entry.name, cause });
}

function checkResult(entry: ZipEntry, length: number, crc: number): void {
  if (length !== entry.uncompressedSize) throw corrupt(entry, `${length} bytes, the directory says ${entry.uncompressedSize}`);
  if (crc !== entry.crc32) throw corrupt(entry, 'CRC-32 mismatch');
}

function inflateWhole(entry: ZipEntry, raw: Buffer): Buffer {
  if (entry.method === 0) return raw;
  try {
    return inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
  } catch (cause) {
    throw corrupt(entry, 'does not inflate to its declared size', cause);
  }
}

/** The whole uncompressed content of a small entry (a manifest, an index). */
export function readEntryBytes(file: RandomAccessFile, entry: ZipEntry, maxBytes: number): Buffer {
  if (entry.uncompressedSize > maxBytes || entry.compressedSize > maxBytes) {
    throw new ApkError('TOO_LARGE', `entry ${entry.name} has ${entry.uncompressedSize} bytes; at most ${maxBytes} are read`, { entry: entry.name });
  }
  const data = inflateWhole(entry, file.readAt(entry.dataOffset, entry.compressedSize));
  checkResult(entry, data.length, crc32(data));
  return data;
}

async function digestStreamed(file: RandomAccessFile, entry: ZipEntry, hashes: readonly Hash[]): Promise<void> {
  let length = 0;
  let crc = 0;
  const take = (data: Buffer) => {
    length += data.length;
    if (length > entry.uncompressedSize) throw corrupt(entry, 'inflates past its declared size');
    crc = crc32(data, crc);
    for (const hash of hashes) hash.update(data);
  };
  const chunks = function* () {
    for (let at = 0; at < entry.compressedSize; at += CHUNK) yield file.readAt(entry.dataOffset + at, Math.min(CHUNK, entry.compressedSize - at));
  };
  if (entry.method === 0) {
    for (const chunk of chunks()) take(chunk);
  } else {
    const inflater = createInflateRaw();
    const done = new Promise<void>((resolve, reject) => {
      inflater.on('data', (data: Buffer) => {
        try {
          take(data);
        } catch (e) {
          inflater.destroy();
          reject(e);
        }
      });
      inflater.on('end', resolve);
      inflater.on('error', (cause) => reject(corrupt(entry, 'does not inflate', cause)));
    });
    for (const chunk of chunks()) {
      if (!inflater.write(chunk)) await new Promise((resolve) => inflater.once('drain', resolve));
    }
    inflater.end();
    await done;
  }
  checkResult(entry, length, crc);
}

/** Digests of an entry's uncompressed content (as a JAR manifest records them), one per algorithm. */
export async function digestEntry(file: RandomAccessFile, entry: ZipEntry, algorithms: readonly string[]): Promise<Buffer[]> {
  const hashes = algorithms.map((a) => createHash(a));
  if (entry.compressedSize <= IN_MEMORY_LIMIT && entry.uncompressedSize <= IN_MEMORY_LIMIT) {
    const data = inflateWhole(entry, file.readAt(entry.dataOffset, entry.compressedSize));
    checkResult(entry, data.length, crc32(data));
    for (const hash of hashes) hash.update(data);
  } else {
    await digestStreamed(file, entry, hashes);
  }
  return hashes.map((h) => h.digest());
}
