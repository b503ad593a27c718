/**
 * Builds ZIP archives for tests: APKs with a compiled manifest, stored entries aligned as zipalign
 * -p 4 aligns them (4 bytes, 4096 for .so), and F-Droid index JARs. Options make the odd shapes the
 * malformed-archive tests need.
 */
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { androidManifestXml } from './binary-xml-writer.ts';
import type { ManifestFields } from './binary-xml-writer.ts';

export interface ZipInput {
  readonly name: string;
  readonly data: Buffer;
  /** Store (0) or deflate (8). */
  readonly method: 0 | 8;
  /** Write CRC-32 and sizes in a data descriptor (with its signature) after the data, as streaming writers do. */
  readonly descriptor?: boolean;
  /** Deflated bytes given as they are, with the size and CRC-32 they declare (`data` is then ignored). */
  readonly deflated?: { readonly bytes: Buffer; readonly size: number; readonly crc32: number };
}

export interface ZipOptions {
  /** Align stored data as zipalign -p 4 does. */
  readonly align?: boolean;
  readonly comment?: string;
}

export function buildZip(entries: readonly ZipInput[], options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const data = e.deflated?.bytes ?? (e.method === 8 ? deflateRawSync(e.data, { level: 6 }) : e.data);
    const alignment = e.method === 0 && options.align !== false ? (e.name.endsWith('.so') ? 4096 : 4) : 1;
    const bare = offset + 30 + name.length;
    const pad = (alignment - (bare % alignment)) % alignment;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(e.descriptor === true ? 0x0808 : 0x0800, 6);
    header.writeUInt16LE(e.method, 8);
    header.writeUInt16LE(0x6000, 10);
    header.writeUInt16LE(0x5a21, 12);
    header.writeUInt32LE(e.deflated?.crc32 ?? crc32(e.data), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(e.deflated?.size ?? e.data.length, 22);
    header.writeUInt16LE(name.length, 26);
    header.writeUInt16LE(pad, 28);
    const descriptor = Buffer.alloc(e.descriptor === true ? 16 : 0);
    if (e.descriptor === true) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      header.copy(descriptor, 4, 14, 26);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4);
    header.copy(central, 6, 4, 30);
    central.writeUInt16LE(0, 30);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    // With a descriptor, the local header's CRC-32 and sizes are zero (the directory has them).
    if (e.descriptor === true) header.fill(0, 14, 26);
    locals.push(header, name, Buffer.alloc(pad), data, descriptor);
    offset += 30 + name.length + pad + data.length + descriptor.length;
  }
  const cd = Buffer.concat(centrals);
  const comment = Buffer.from(options.comment ?? '', 'latin1');
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, cd, eocd, comment]);
}

/** A resource table with no packages and an empty string pool (enough for aapt to read the manifest). */
function emptyResourceTable(): Buffer {
  const pool = Buffer.alloc(28);
  pool.writeUInt16LE(0x0001, 0);
  pool.writeUInt16LE(28, 2);
  pool.writeUInt32LE(28, 4);
  const table = Buffer.alloc(12);
  table.writeUInt16LE(0x0002, 0);
  table.writeUInt16LE(12, 2);
  table.writeUInt32LE(12 + pool.length, 4);
  return Buffer.concat([table, pool]);
}

/** Deterministic pseudo-random bytes (incompressible), from a seed. */
export function noise(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  let block = createHash('sha256').update(seed).digest();
  for (let at = 0; at < length; at += 32) {
    block.copy(out, at, 0, Math.min(32, length - at));
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/** Compressible text-like bytes. */
export function text(seed: string, length: number): Buffer {
  const words = ['android', 'signing', 'block', 'entry', 'manifest', 'digest', 'value', 'layout', seed];
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < length; i++) {
    const w = words[(i * 7 + seed.length) % words.length]!;
    parts.push(w);
    n += w.length + 1;
  }
  return Buffer.from(parts.join(' ').slice(0, length));
}

export interface TestApkOptions extends Partial<ManifestFields> {
  /** More entries after the usual ones. */
  readonly extra?: readonly ZipInput[];
  /** Put these entries first (e.g. old signature files at the front, as jarsigner places them). */
  readonly front?: readonly ZipInput[];
  readonly align?: boolean;
}

/** A small APK: manifest, dex, resources table, a PNG, a native library, assets and a directory. */
export function buildTestApk(o: TestApkOptions = {}): Buffer {
  const manifest = androidManifestXml({
    packageName: o.packageName ?? 'org.airsign.sample', versionCode: o.versionCode ?? 7, versionName: o.versionName ?? '1.2.3',
    ...(o.minSdk === undefined ? { minSdk: 21 } : { minSdk: o.minSdk }), targetSdk: o.targetSdk ?? 34,
  });
  return buildZip(
    [
      ...(o.front ?? []),
      { name: 'AndroidManifest.xml', data: manifest, method: 8 },
      { name: 'classes.dex', data: Buffer.concat([text('dex', 30000), noise('dex', 5000)]), method: 8 },
      { name: 'resources.arsc', data: emptyResourceTable(), method: 0 },
      { name: 'res/drawable/icon.png', data: noise('png', 1203), method: 0 },
      { name: 'lib/arm64-v8a/libsample.so', data: noise('so', 9000), method: 0 },
      { name: 'assets/', data: Buffer.alloc(0), method: 0 },
      { name: 'assets/readme.txt', data: text('assets', 4000), method: 8 },
      { name: 'META-INF/services/org.airsign.Plugin', data: text('svc', 40), method: 8 },
      { name: 'assets/a name that is long enough to need a continuation line in the manifest, surely.txt', data: text('long', 100), method: 8 },
      { name: 'assets/ünïcödé — a name whose UTF-8 bytes wrap across manifest lines, «even mid-character» ✓.txt', data: text('utf8', 100), method: 8 },
      ...(o.extra ?? []),
    ],
    { align: o.align !== false },
  );
}

/** An F-Droid index JAR: entry.jar (entry.json) or index-v1.jar (index-v1.json). */
export function buildIndexJar(kind: 'entry' | 'index-v1', timestamp: number, version = 20002): Buffer {
  const json = kind === 'entry'
    ? { timestamp, version, index: { name: '/index-v2.json', sha256: 'ab'.repeat(32), size: 1234, numPackages: 3 } }
    : { repo: { timestamp, version, name: 'Test repo', address: 'https://example.org/fdroid/repo' }, requests: { install: [], uninstall: [] }, apps: [], packages: {} };
  return buildZip([{ name: `${kind}.json`, data: Buffer.from(JSON.stringify(json)), method: 8 }], { align: false });
}
