/**
 * The central directory: one record per entry, in archive order. Records are kept as raw bytes
 * too, so a signed copy of the archive can reproduce them with only the offset changed.
 */
import { ApkError } from '../errors.ts';

export const CD_SIGNATURE = 0x02014b50;
const CD_HEADER = 46;
const ZIP64_EXTRA_ID = 0x0001;
/** Bounds that keep a hostile archive from costing unbounded memory. */
export const ZIP_LIMITS = { maxEntries: 200_000, maxCentralDirectoryBytes: 64 * 1024 * 1024 } as const;

export interface CentralDirectoryEntry {
  /** Position in the central directory. */
  readonly index: number;
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  readonly localHeaderOffset: number;
  /** The whole central directory record as found. */
  readonly record: Buffer;
  /** Sizes or offset came from a ZIP64 extra field. */
  readonly zip64: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeName(cd: Buffer, start: number, end: number, index: number): string {
  let ascii = true;
  for (let i = start; i < end; i++) if (cd[i]! >= 0x80) ascii = false;
  let name: string;
  if (ascii) {
    name = cd.toString('latin1', start, end);
  } else {
    try {
      name = utf8.decode(cd.subarray(start, end));
    } catch (cause) {
      throw new ApkError('BAD_ENTRY_NAME', `entry #${index} has a name that is not UTF-8`, { cause });
    }
  }
  // A name must fit a JAR manifest line: no line breaks, no NUL.
  if (name.length === 0 || /[\r\n\0]/.test(name)) throw new ApkError('BAD_ENTRY_NAME', `entry #${index} has an empty name or one with a line break or NUL`, { entry: name });
  return name;
}

/** Applies a ZIP64 extra field to the fields the 32-bit record marked 0xffffffff. */
function applyZip64(extra: Buffer, sizes: { uncompressed: number; compressed: number; offset: number }, name: string): boolean {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const size = extra.readUInt16LE(at + 2);
    if (at + 4 + size > extra.length) break;
    if (id === ZIP64_EXTRA_ID) {
      let p = at + 4;
      const take = (): number => {
        if (p + 8 > at + 4 + size) throw new ApkError('BAD_CENTRAL_DIRECTORY', 'ZIP64 extra field too short', { entry: name });
        const v = Number(extra.readBigUInt64LE(p));
        p += 8;
        if (!Number.isSafeInteger(v)) throw new ApkError('TOO_LARGE', 'ZIP64 size beyond 2^53', { entry: name });
        return v;
      };
      if (sizes.uncompressed === 0xffffffff) sizes.uncompressed = take();
      if (sizes.compressed === 0xffffffff) sizes.compressed = take();
      if (sizes.offset === 0xffffffff) sizes.offset = take();
      return true;
    }
    at += 4 + size;
  }
  return false;
}

export function parseCentralDirectory(cd: Buffer, expectedCount: number): CentralDirectoryEntry[] {
  if (expectedCount > ZIP_LIMITS.maxEntries) throw new ApkError('TOO_LARGE', `${expectedCount} entries; at most ${ZIP_LIMITS.maxEntries} are accepted`);
  const entries: CentralDirectoryEntry[] = [];
  let at = 0;
  while (at < cd.length) {
    const index = entries.length;
    if (at + CD_HEADER > cd.length || cd.readUInt32LE(at) !== CD_SIGNATURE) throw new ApkError('BAD_CENTRAL_DIRECTORY', `no central directory record #${index} at offset ${at}`);
    const nameLength = cd.readUInt16LE(at + 28);
    const extraLength = cd.readUInt16LE(at + 30);
    const commentLength = cd.readUInt16LE(at + 32);
    const end = at + CD_HEADER + nameLength + extraLength + commentLength;
    if (end > cd.length) throw new ApkError('BAD_CENTRAL_DIRECTORY', `central directory record #${index} runs past the directory`);
    const name = decodeName(cd, at + CD_HEADER, at + CD_HEADER + nameLength, index);
    const flags = cd.readUInt16LE(at + 8);
    if ((flags & 0x0001) !== 0) throw new ApkError('ENCRYPTED_ENTRY', `entry ${name} is encrypted`, { entry: name });
    const method = cd.readUInt16LE(at + 10);
    if (method !== 0 && method !== 8) throw new ApkError('UNSUPPORTED_COMPRESSION', `entry ${name} uses compression method ${method}`, { entry: name });
    const sizes = { uncompressed: cd.readUInt32LE(at + 24), compressed: cd.readUInt32LE(at + 20), offset: cd.readUInt32LE(at + 42) };
    // Only a field saturated at 0xffffffff sends the reader to the ZIP64 extra field.
    const saturated = sizes.uncompressed === 0xffffffff || sizes.compressed === 0xffffffff || sizes.offset === 0xffffffff;
    const zip64 = saturated && applyZip64(cd.subarray(at + CD_HEADER + nameLength, at + CD_HEADER + nameLength + extraLength), sizes, name);
    if (method === 0 && sizes.compressed !== sizes.uncompressed) throw new ApkError('BAD_CENTRAL_DIRECTORY', `stored entry ${name} has different sizes`, { entry: name });
    entries.push({
      index, name, flags, method, crc32: cd.readUInt32LE(at + 16),
      compressedSize: sizes.compressed, uncompressedSize: sizes.uncompressed, localHeaderOffset: sizes.offset,
      record: cd.subarray(at, end), zip64,
    });
    if (entries.length > ZIP_LIMITS.maxEntries) throw new ApkError('TOO_LARGE', `more than ${ZIP_LIMITS.maxEntries} entries`);
    at = end;
  }
  // A 16-bit count wraps for archives of 65536 entries or more without ZIP64 end records.
  if (entries.length !== expectedCount && entries.length % 0x10000 !== expectedCount) {
    throw new ApkError('BAD_CENTRAL_DIRECTORY', `end record counts ${expectedCount} entries, the directory holds ${entries.length}`);
  }
  return entries;
}
