/**
 * Records for entries the engine adds (the v1 signature files): deflated (zlib's default level), with the fixed timestamp
 * apksigner uses (1981-01-01 01:01), so the same input and signatures give the same bytes.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import { LFH_SIGNATURE } from './local-header.ts';
import { CD_SIGNATURE } from './central-directory.ts';

const DOS_TIME = (1 << 11) | (1 << 5);
const DOS_DATE = ((1981 - 1980) << 9) | (1 << 5) | 1;
const VERSION = 20;

export interface NewEntry {
  readonly name: string;
  /** Local header and data, ready to write. */
  readonly local: Buffer;
  /** Central directory record with the local header offset still 0 (the plan writes it). */
  readonly central: Buffer;
}

export function newDeflatedEntry(name: string, content: Uint8Array): NewEntry {
  const nameBytes = Buffer.from(name, 'utf8');
  const data = deflateRawSync(content, { level: 6 });
  const crc = crc32(content);
  const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : 0x0800;
  const local = Buffer.alloc(30 + nameBytes.length + data.length);
  local.writeUInt32LE(LFH_SIGNATURE, 0);
  local.writeUInt16LE(VERSION, 4);
  local.writeUInt16LE(flags, 6);
  local.writeUInt16LE(8, 8);
  local.writeUInt16LE(DOS_TIME, 10);
  local.writeUInt16LE(DOS_DATE, 12);
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
