/**
 * Unsigned test APKs, made here: a ZIP (entries stored, 4-byte aligned as zipalign -p 4 leaves
 * them) holding a binary AndroidManifest.xml, a small classes.dex, and optionally a padding asset
 * of random bytes to reach a size. Written in a stream, so a 20 MB APK costs no 20 MB of memory.
 */
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { binaryManifest } from './binary-manifest.ts';

export interface ApkSpec {
  readonly packageName: string;
  readonly versionCode: number;
  readonly versionName?: string;
  readonly minSdk: number;
  readonly targetSdk?: number;
  /** Size of a random asset to add (bytes). */
  readonly padBytes?: number;
}

interface Written {
  readonly name: Buffer;
  readonly crc: number;
  readonly size: number;
  readonly offset: number;
}

export async function makeApk(path: string, spec: ApkSpec): Promise<void> {
  const handle = await open(path, 'w');
  let at = 0;
  const write = async (b: Buffer) => {
    await handle.write(b, 0, b.length, at);
    at += b.length;
  };
  const entries: Written[] = [];
  const addEntry = async (nameText: string, size: number, chunks: () => Iterable<Buffer>) => {
    const name = Buffer.from(nameText);
    // Pad through the extra field so the data starts on a 4-byte boundary.
    const dataStart = at + 30 + name.length;
    const extra = Buffer.alloc((4 - (dataStart % 4)) % 4);
    let crc = 0;
    for (const c of chunks()) crc = crc32(c, crc);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(10, 4); // version needed
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(0, 8); // stored
    header.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(size, 18);
    header.writeUInt32LE(size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(extra.length, 28);
    entries.push({ name, crc, size, offset: at });
    await write(Buffer.concat([header, name, extra]));
    for (const c of chunks()) await write(c);
  };

  const manifest = binaryManifest({ packageName: spec.packageName, versionCode: spec.versionCode, versionName: spec.versionName ?? `1.0.${spec.versionCode}`, minSdk: spec.minSdk, targetSdk: spec.targetSdk ?? 33 });
  await addEntry('AndroidManifest.xml', manifest.length, () => [manifest]);
  const dex = Buffer.concat([Buffer.from('dex\n035\0'), randomBytes(504)]);
  await addEntry('classes.dex', dex.length, () => [dex]);
  const pad = spec.padBytes ?? 0;
  if (pad > 0) {
    // The same random block repeated: incompressible enough, cheap to make, identical on both passes.
    const block = randomBytes(Math.min(pad, 1024 * 1024));
    const blocks = function* () {
      for (let left = pad; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
    };
    await addEntry('assets/padding.bin', pad, blocks);
  }

  const cdStart = at;
  for (const e of entries) {
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4); // version made by
    cd.writeUInt16LE(10, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(0, 10);
    cd.writeUInt32LE(0x00210000, 12);
    cd.writeUInt32LE(e.crc, 16);
    cd.writeUInt32LE(e.size, 20);
    cd.writeUInt32LE(e.size, 24);
    cd.writeUInt16LE(e.name.length, 28);
    cd.writeUInt32LE(e.offset, 42);
    await write(Buffer.concat([cd, e.name]));
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(at - cdStart, 12);
  eocd.writeUInt32LE(cdStart, 16);
  await write(eocd);
  await handle.close();
}
