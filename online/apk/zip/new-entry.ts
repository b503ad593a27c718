/**
 * Records for entries the engine adds (the v1 signature files) as apksigner writes them: deflated
 * at level 9 by the system's zlib (system-deflate.ts), UTF-8 flag set, dated as the latest
 * entry of the input (1981-01-01 01:01 when it has none), so the same input and signatures give the same bytes. fdroidserver's apksigcopier
 * (`fdroid signatures`) recompresses the v1 files at levels 9 and 1 only and dates them from the
 * input the same way, so a signature copied onto the unsigned APK gives back this very file.
 */
import { crc32 } from 'node:zlib';
import { LFH_SIGNATURE } from './local-header.ts';
import { CD_SIGNATURE } from './central-directory.ts';
import { systemDeflateRaw } from './system-deflate.ts';

const DOS_TIME = (1 << 11) | (1 << 5);
const DOS_DATE = ((1981 - 1980) << 9) | (1 << 5) | 1;
const VERSION = 20;
const UTF8_NAMES = 0x0800;

/** An MS-DOS date and time, as ZIP records hold them. */
export interface DosStamp {
  readonly date: number;
  readonly time: number;
}

export const DEFAULT_DOS_STAMP: DosStamp = { date: DOS_DATE, time: DOS_TIME };

/** The latest stamp of the given central directory records (as apksigner dates new entries); the default for none. */
export function latestDosStamp(records: Iterable<Buffer>): DosStamp {
  let latest: DosStamp | undefined;
  for (const record of records) {
    const stamp = { time: record.readUInt16LE(12), date: record.readUInt16LE(14) };
    if (latest === undefined || stamp.date > latest.date || (stamp.date === latest.date && stamp.time > latest.time)) latest = stamp;
  }
  return latest ?? DEFAULT_DOS_STAMP;
}

export interface NewEntry {
  readonly name: string;
  /** Local header and data, ready to write. */
  readonly local: Buffer;
  /** Central directory record with the local header offset still 0 (the plan writes it). */
  readonly central: Buffer;
}

/** The entries for `files`, deflated in one call on the system's zlib. */
export function newDeflatedEntries(files: readonly { name: string; content: Uint8Array }[], stamp: DosStamp = DEFAULT_DOS_STAMP): NewEntry[] {
  const deflated = systemDeflateRaw(
    files.map((f) => f.content),
    9,
  );
  return files.map((f, i) => deflatedEntry(f.name, f.content, deflated[i]!, stamp));
}

function deflatedEntry(name: string, content: Uint8Array, deflated: Uint8Array, stamp: DosStamp): NewEntry {
  const nameBytes = Buffer.from(name, 'utf8');
  const data = Buffer.from(deflated);
  const crc = crc32(content);
  const flags = UTF8_NAMES;
  const local = Buffer.alloc(30 + nameBytes.length + data.length);
  local.writeUInt32LE(LFH_SIGNATURE, 0);
  local.writeUInt16LE(VERSION, 4);
  local.writeUInt16LE(flags, 6);
  local.writeUInt16LE(8, 8);
  local.writeUInt16LE(stamp.time, 10);
  local.writeUInt16LE(stamp.date, 12);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  nameBytes.copy(local, 30);
  data.copy(local, 30 + nameBytes.length);
  const central = Buffer.alloc(46 + nameBytes.length);
  central.writeUInt32LE(CD_SIGNATURE, 0);
  central.writeUInt16LE(VERSION, 4);
  central.writeUInt16LE(VERSION, 6);
  local.copy(central, 8, 6, 30);
  nameBytes.copy(central, 46);
  return { name, local, central };
}
