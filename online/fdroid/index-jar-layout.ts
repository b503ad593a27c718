/**
 * The unsigned index JAR as fdroidserver's signindex lays it out before signing: a ZIP with the one
 * JSON file, written by Python's zipfile (`ZipFile(jar, 'w', ZIP_DEFLATED).write(json, name)`):
 * deflated at zlib's default level, dated from the file's modification time in local time, the
 * file's mode in the external attributes, made by Unix, version 2.0, no extra fields.
 */
import { statSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { systemDeflateRaw } from '../apk/zip/system-deflate.ts';
import { FdroidError } from './errors.ts';

function dosStamp(mtime: Date): { date: number; time: number } {
  const year = mtime.getFullYear();
  if (year < 1980) throw new FdroidError('BAD_INDEX_JSON', `the index file is dated ${year}; a ZIP cannot hold dates before 1980 (fdroidserver refuses it too)`);
  return { date: ((year - 1980) << 9) | ((mtime.getMonth() + 1) << 5) | mtime.getDate(), time: (mtime.getHours() << 11) | (mtime.getMinutes() << 5) | Math.floor(mtime.getSeconds() / 2) };
}

/** The JAR bytes for `content`, stored under `name`, as of the file at `path` (its mode and time). */
export function indexJarBytes(path: string, name: string, content: Uint8Array): Buffer {
  const info = statSync(path);
  const { date, time } = dosStamp(info.mtime);
  const nameBytes = Buffer.from(name, 'utf8');
  const flags = [...nameBytes].every((b) => b < 0x80) ? 0 : 0x0800;
  // Python's zipfile deflates at zlib's default level, 6, with the system's zlib.
  const data = Buffer.from(systemDeflateRaw([content], 6)[0]!);
  const crc = crc32(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(flags, 6);
  local.writeUInt16LE(8, 8);
  local.writeUInt16LE(time, 10);
  local.writeUInt16LE(date, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt8(20, 4);
  central.writeUInt8(3, 5); // made by Unix
  central.writeUInt16LE(20, 6);
  local.copy(central, 8, 6, 28);
  central.writeUInt32LE(((info.mode & 0xffff) << 16) >>> 0, 38);
  central.writeUInt32LE(0, 42);
  const localLength = 30 + nameBytes.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + nameBytes.length, 12);
  eocd.writeUInt32LE(localLength, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, eocd]);
}
