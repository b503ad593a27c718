/**
 * Unsigned test APKs and F-Droid index JARs, made here: a ZIP (entries stored, 4-byte aligned as zipalign -p 4 leaves
 * them) holding a binary AndroidManifest.xml, a small classes.dex, and optionally a padding asset
 * of random bytes to reach a size. Written in a stream, so a 20 MB APK costs no 20 MB of memory.
 */
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { androidManifestXml } from '../../support/binary-xml-writer.ts';

export interface ApkSpec {
  readonly packageName: string;
  readonly versionCode: number;
  readonly versionName?: string;
  readonly minSdk: number;
  readonly targetSdk?: number;
  /** Size of a random asset to add (bytes). */
  readonly padBytes?: number;
  /** Small extra files (res/raw/file-N.bin, 64 random bytes each), for an APK of many entries. */
  readonly extraEntries?: number;
  /** Put AndroidManifest.xml after the other entries (where a manifest proof is cheapest) instead of first. */
  readonly manifestLast?: boolean;
}

interface Written {
  readonly name: Buffer;
  readonly crc: number;
  readonly size: number;
  readonly offset: number;
}

interface ZipEntry {
  readonly name: string;
  readonly size: number;
  /** The entry's bytes; called twice (for the CRC, then to write), must give the same bytes. */
  readonly chunks: () => Iterable<Buffer>;
}

/** Writes a ZIP of stored entries, each data start 4-byte aligned. */
async function writeStoredZip(path: string, entries: readonly ZipEntry[]): Promise<void> {
  const handle = await open(path, 'w');
  let at = 0;
  const write = async (b: Buffer) => {
    await handle.write(b, 0, b.length, at);
    at += b.length;
  };
  const written: Written[] = [];
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    // Pad through the extra field so the data starts on a 4-byte boundary.
    const extra = Buffer.alloc((4 - ((at + 30 + name.length) % 4)) % 4);
    let crc = 0;
    for (const c of entry.chunks()) crc = crc32(c, crc);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(10, 4); // version needed
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(0, 8); // stored
    header.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(entry.size, 18);
    header.writeUInt32LE(entry.size, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(extra.length, 28);
    written.push({ name, crc, size: entry.size, offset: at });
    await write(Buffer.concat([header, name, extra]));
    for (const c of entry.chunks()) await write(c);
  }
  const cdStart = at;
  for (const e of written) {
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
  eocd.writeUInt16LE(written.length, 8);
  eocd.writeUInt16LE(written.length, 10);
  eocd.writeUInt32LE(at - cdStart, 12);
  eocd.writeUInt32LE(cdStart, 16);
  await write(eocd);
  await handle.close();
}

function bytesEntry(name: string, data: Buffer): ZipEntry {
  return { name, size: data.length, chunks: () => [data] };
}

export async function makeApk(path: string, spec: ApkSpec): Promise<void> {
  const manifest = androidManifestXml({ packageName: spec.packageName, versionCode: spec.versionCode, versionName: spec.versionName ?? `1.0.${spec.versionCode}`, minSdk: spec.minSdk, targetSdk: spec.targetSdk ?? 33 });
  const manifestEntry = bytesEntry('AndroidManifest.xml', manifest);
  const entries = [...(spec.manifestLast === true ? [] : [manifestEntry]), bytesEntry('classes.dex', Buffer.concat([Buffer.from('dex\n035\0'), randomBytes(504)]))];
  const pad = spec.padBytes ?? 0;
  if (pad > 0) {
    // The same random block repeated: incompressible enough, cheap to make, identical on both passes.
    const block = randomBytes(Math.min(pad, 1024 * 1024));
    entries.push({
      name: 'assets/padding.bin',
      size: pad,
      chunks: function* () {
        for (let left = pad; left > 0; left -= block.length) yield left >= block.length ? block : block.subarray(0, left);
      },
    });
  }
  for (let i = 0; i < (spec.extraEntries ?? 0); i++) entries.push(bytesEntry(`res/raw/file-${String(i).padStart(4, '0')}.bin`, randomBytes(64)));
  if (spec.manifestLast === true) entries.push(manifestEntry);
  await writeStoredZip(path, entries);
}

/** An F-Droid index JAR: entry.jar holds entry.json (index-v1.jar: index-v1.json), with its timestamp. */
export async function makeIndexJar(path: string, name: 'entry.jar' | 'index-v1.jar', timestamp: number): Promise<void> {
  const json = name === 'entry.jar' ? { timestamp, version: 20002, index: { name: '/index-v2.json' } } : { repo: { timestamp, version: 21, name: 'Test repo' }, apps: [], packages: {} };
  await writeStoredZip(path, [bytesEntry(`${name.slice(0, -4)}.json`, Buffer.from(JSON.stringify(json)))]);
}
