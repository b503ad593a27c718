/**
 * An entry's uncompressed bytes: read, inflated when deflated, and checked against the sizes and
 * CRC-32 the central directory declares. Large entries are streamed so memory stays bounded.
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import { Inflate, inflateSync } from 'fflate';
import { ApkError } from '../errors.ts';
import type { RandomAccessFile } from './random-access-file.ts';
import type { ZipEntry } from './zip-archive.ts';

/**
 * Entries up to this size (compressed and uncompressed) are handled in one piece; larger ones are
 * streamed, which keeps a large dex file or library from costing its size in memory.
 */
const IN_MEMORY_LIMIT = 1024 * 1024;
const CHUNK = 1024 * 1024;
const STREAM_PIECE = 256 * 1024;
const SYNC_PIECE = 16 * 1024;

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

/**
 * An entry's content arriving in pieces: each piece counted against the declared size (never more)
 * and into the CRC-32 before it reaches `sink`; `finish` checks the whole.
 */
function checkedPieces(entry: ZipEntry, sink: (data: Uint8Array) => void): { take: (data: Uint8Array) => void; finish: () => void } {
  let length = 0;
  let crc = 0;
  return {
    take(data) {
      length += data.length;
      if (length > entry.uncompressedSize) throw corrupt(entry, 'inflates past its declared size');
      crc = crc32(data, crc);
      sink(data);
    },
    finish: () => checkResult(entry, length, crc),
  };
}

/**
 * Passes an entry's uncompressed content to `sink` in pieces, synchronously, checked against its
 * declared size (never more) and CRC-32: for content read as it streams (an index JSON), which is
 * then never held whole. Each piece is valid only during the call.
 */
export function streamEntryBytes(file: RandomAccessFile, entry: ZipEntry, maxBytes: number, sink: (data: Uint8Array) => void): void {
  if (entry.uncompressedSize > maxBytes) {
    throw new ApkError('TOO_LARGE', `entry ${entry.name} has ${entry.uncompressedSize} bytes; at most ${maxBytes} are read`, { entry: entry.name });
  }
  const { take, finish } = checkedPieces(entry, sink);
  if (entry.method === 0) {
    for (let at = 0; at < entry.compressedSize; at += CHUNK) take(file.view(entry.dataOffset + at, Math.min(CHUNK, entry.compressedSize - at)));
  } else {
    const inflater = new Inflate((data) => take(data));
    // Small pieces: each inflates to at most the inflate limits' ratio times its size.
    for (let at = 0; at < entry.compressedSize; at += SYNC_PIECE) {
      const end = Math.min(at + SYNC_PIECE, entry.compressedSize);
      try {
        inflater.push(file.view(entry.dataOffset + at, end - at), end === entry.compressedSize);
      } catch (cause) {
        if (cause instanceof ApkError) throw cause;
        throw corrupt(entry, 'does not inflate', cause);
      }
    }
  }
  finish();
}

/**
 * Streams a large entry through the hashes in pieces, so neither the compressed nor the inflated
 * entry is ever held whole: stored data as views of the read window, deflated data through a
 * node:zlib stream, one 256 KiB piece in flight at a time.
 */
async function digestStreamed(file: RandomAccessFile, entry: ZipEntry, hashes: readonly Hash[]): Promise<void> {
  const { take, finish } = checkedPieces(entry, (data) => {
    for (const hash of hashes) hash.update(data);
  });
  if (entry.method === 0) {
    for (let at = 0; at < entry.compressedSize; at += CHUNK) take(file.view(entry.dataOffset + at, Math.min(CHUNK, entry.compressedSize - at)));
  } else {
    const inflater = createInflateRaw();
    let failure: unknown;
    const done = new Promise<void>((resolve, reject) => {
      inflater.on('data', (data: Buffer) => {
        try {
          take(data);
        } catch (e) {
          failure ??= e;
          inflater.destroy();
        }
      });
      inflater.on('end', resolve);
      inflater.on('close', () => (failure === undefined ? undefined : reject(failure)));
      inflater.on('error', (cause) => reject(failure ?? corrupt(entry, 'does not inflate', cause)));
    });
    done.catch(() => undefined);
    for (let at = 0; at < entry.compressedSize && failure === undefined; at += STREAM_PIECE) {
      // A copy, not a view: the stream works on the piece after write() returns.
      const piece = file.readAt(entry.dataOffset + at, Math.min(STREAM_PIECE, entry.compressedSize - at));
      await new Promise<void>((resolve) => inflater.write(piece, () => resolve()));
    }
    inflater.end();
    await done;
  }
  finish();
}

/** Whether an entry is small enough to be handled in one piece (synchronously). */
export function isSmallEntry(entry: ZipEntry): boolean {
  return entry.compressedSize <= IN_MEMORY_LIMIT && entry.uncompressedSize <= IN_MEMORY_LIMIT;
}

/** One output buffer for every small entry: inflating thousands of small entries then allocates nothing. */
let scratch: Uint8Array | undefined;

/**
 * Inflates a small entry into the shared scratch buffer (valid until the next call). fflate, not
 * node:zlib, because each node:zlib call creates a native context, and thousands of them cost more
 * time and leave the process tens of megabytes larger.
 */
function inflateSmall(entry: ZipEntry, raw: Uint8Array): Uint8Array {
  scratch ??= new Uint8Array(IN_MEMORY_LIMIT + 1);
  // One byte of room past the declared size: output that reaches it inflates past its size.
  const out = scratch.subarray(0, entry.uncompressedSize + 1);
  let data: Uint8Array;
  try {
    data = inflateSync(raw, { out });
  } catch (cause) {
    throw corrupt(entry, 'does not inflate', cause);
  }
  if (data.length > entry.uncompressedSize) throw corrupt(entry, 'inflates past its declared size');
  return data;
}

/** digestEntry for a small entry, without the cost of a promise per entry. */
export function digestSmallEntry(file: RandomAccessFile, entry: ZipEntry, algorithms: readonly string[]): Buffer[] {
  // Views are enough: the bytes are inflated or hashed at once.
  const raw = file.view(entry.dataOffset, entry.compressedSize);
  const data = entry.method === 0 ? raw : inflateSmall(entry, raw);
  checkResult(entry, data.length, crc32(data));
  return algorithms.map((a) => createHash(a).update(data).digest());
}

/** Digests of a large entry's uncompressed content (as a JAR manifest records them), one per algorithm. Small ones: digestSmallEntry. */
export async function digestEntry(file: RandomAccessFile, entry: ZipEntry, algorithms: readonly string[]): Promise<Buffer[]> {
  const hashes = algorithms.map((a) => createHash(a));
  await digestStreamed(file, entry, hashes);
  return hashes.map((h) => h.digest());
}
