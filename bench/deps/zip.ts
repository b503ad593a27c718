/**
 * ZIP: ours (online/apk/zip) against yauzl, yazl, @zip.js/zip.js and fflate's zip (needs AIRSIGN_DEPS_LIBS, see
 * bench/deps/libs.ts; fflate comes from node_modules), on the bounds airsign needs:
 * - reading: every hostile archive of test/support/malformed-zips.ts refused (overlapping
 *   entries, hidden data, duplicate names, ...), and zip bombs refused before inflating;
 * - writing: the signed APK keeps every entry's local record byte for byte (the v2/v3 digests the
 *   offline side signed were computed over them) and is aligned (zipalign -c -p 4).
 * Run: AIRSIGN_DEPS_LIBS=DIR node --import tsx bench/deps/zip.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Zippable } from 'fflate';
import { readEntryBytes } from '../../online/apk/zip/entry-data.ts';
import { openArchive } from '../../online/apk/zip/zip-archive.ts';
import { MALFORMED_ZIPS } from '../../test/support/malformed-zips.ts';
import { whitespaceIndexJar, zerosApk } from '../../test/support/zip-bombs.ts';
import { buildTestApk } from '../../test/support/zip-builder.ts';
import { zerosEntry } from '../../test/support/zip-bombs.ts';
import { cjs, load } from './libs.ts';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'zip-bench-'));
const APK = join(root, 'node_modules/io.appium.settings/apks/settings_apk-debug.apk');

interface YauzlZip {
  readEntry(): void;
  on(ev: 'entry', f: (e: { fileName: string }) => void): void;
  on(ev: 'end' | 'error', f: (e?: Error) => void): void;
  openReadStream(e: unknown, f: (err: Error | null, s?: NodeJS.ReadableStream) => void): void;
  close(): void;
}
type Yauzl = { open: (p: string, o: object, f: (err: Error | null, z?: YauzlZip) => void) => void };

/** yauzl, as strict as it goes: sizes validated while inflating, strict names; every entry read to its end. */
function yauzlReadAll(yauzl: Yauzl, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true, strictFileNames: true, autoClose: true }, (err, zip) => {
      if (err || zip === undefined) return reject(err ?? new Error('no zip'));
      let n = 0;
      let bytes = 0;
      zip.on('error', (e) => reject(e ?? new Error('error')));
      zip.on('end', () => resolve(`${n} entries, ${(bytes / 1048576).toFixed(0)} MiB inflated`));
      zip.on('entry', (entry) => {
        n++;
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (e, s) => {
          if (e || s === undefined) return reject(e ?? new Error('no stream'));
          s.on('data', (d: Buffer) => (bytes += d.length));
          s.on('error', reject);
          s.on('end', () => zip.readEntry());
        });
      });
      zip.readEntry();
    });
  });
}

function oursOpen(path: string): string {
  const a = openArchive(path);
  a.file.close();
  return `${a.entries.length} entries`;
}

type ZipJs = {
  configure: (o: object) => void;
  ZipReader: new (r: unknown) => { getEntries: () => Promise<{ directory: boolean; getData: (w: unknown) => Promise<unknown> }[]>; close: () => Promise<void> };
  ZipWriter: new (w: unknown, o: object) => { add: (n: string, r: unknown, o: object) => Promise<unknown>; close: () => Promise<Uint8Array> };
  Uint8ArrayReader: new (b: Uint8Array) => unknown;
  Uint8ArrayWriter: new () => unknown;
};

/** zip.js: every entry read to its end (its CRC checked), on the main thread. */
async function zipjsReadAll(z: ZipJs, path: string): Promise<string> {
  z.configure({ useWebWorkers: false });
  const reader = new z.ZipReader(new z.Uint8ArrayReader(new Uint8Array(readFileSync(path))));
  const entries = await reader.getEntries();
  for (const e of entries) if (!e.directory) await e.getData(new z.Uint8ArrayWriter());
  await reader.close();
  return `${entries.length} entries`;
}

function fflateUnzip(path: string): string {
  const files = unzipSync(new Uint8Array(readFileSync(path)));
  return `${Object.keys(files).length} entries`;
}

// A child process measures one reader on one archive, for its own time and peak memory.
const one = process.argv.indexOf('--one');
if (one !== -1) {
  const reader = process.argv[one + 1]!;
  const path = process.argv[one + 2]!;
  const t0 = performance.now();
  let outcome: string;
  try {
    if (reader === 'ours') outcome = `accepted: ${oursOpen(path)}`;
    else if (reader === 'fflate') outcome = `accepted: ${fflateUnzip(path)}`;
    else if (reader === 'zip.js') outcome = `accepted: ${await zipjsReadAll(((await load('@zip.js/zip.js')) as unknown as { module: ZipJs }).module, path)}`;
    else outcome = `accepted: ${await yauzlReadAll(cjs('yauzl') as Yauzl, path)}`;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    outcome = `refused: ${err.code ?? ''} ${String(err.message).slice(0, 60)}`;
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ outcome, ms, peakMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
  process.exit(0);
}

function inChild(reader: string, path: string): { outcome: string; ms: number; peakMB: number } {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', import.meta.filename, '--one', reader, path], { encoding: 'utf8', env: process.env, timeout: 240_000 });
  const line = r.stdout.trim().split('\n').pop() ?? '';
  if (!line.startsWith('{')) return { outcome: `refused: the process died (exit ${r.status ?? r.signal}) ${r.stderr.trim().split('\n').pop()?.slice(0, 60) ?? ''}`, ms: NaN, peakMB: NaN };
  return JSON.parse(line) as { outcome: string; ms: number; peakMB: number };
}

const yauzlLoaded = await load('yauzl');
const yazlLoaded = await load('yazl');
const zipjsLoaded = await load('@zip.js/zip.js');
const fflateVersion = (JSON.parse(readFileSync(join(root, 'node_modules/fflate/package.json'), 'utf8')) as { version: string }).version;
const readers = ['ours', ...(typeof yauzlLoaded === 'string' ? [] : ['yauzl']), ...(typeof zipjsLoaded === 'string' ? [] : ['zip.js']), 'fflate'];
console.log(`# ZIP: ours against yauzl, yazl, zip.js and fflate\n\nNode ${process.version}, run ${new Date().toISOString().slice(0, 16)} UTC.`);
for (const l of [yauzlLoaded, yazlLoaded, zipjsLoaded]) console.log(typeof l === 'string' ? `- skipped: ${l}` : `- ${l.name}@${l.version}`);
console.log(`- fflate@${fflateVersion} (node_modules; unzipSync and zipSync)\n`);
console.log('Readers: ours is openArchive; yauzl opens with validateEntrySizes and strictFileNames and reads every entry to its end; zip.js (no web workers) reads every entry to its end; fflate is unzipSync.\n');

console.log('## Hostile archives (test/support/malformed-zips.ts): each should be refused\n');
console.log(`| archive | our code | ${readers.filter((r) => r !== 'ours').join(' | ')} |`);
console.log(`|---|---|${readers.filter((r) => r !== 'ours').map(() => '---').join('|')}|`);
const acceptedBy = new Map<string, number>(readers.map((r) => [r, 0]));
for (const [i, [name, make, code]] of MALFORMED_ZIPS.entries()) {
  const path = join(dir, `malformed-${i}.zip`);
  writeFileSync(path, make());
  const cells: string[] = [];
  for (const r of readers) {
    const o = inChild(r, path);
    if (o.outcome.startsWith('accepted')) acceptedBy.set(r, acceptedBy.get(r)! + 1);
    if (r !== 'ours') cells.push(o.outcome.startsWith('accepted') ? '**accepted**' : 'refused');
    else if (!o.outcome.includes(code)) cells.push(`unexpected: ${o.outcome}`);
  }
  console.log(`| ${name} | ${code} | ${cells.join(' | ')} |`);
}
console.log(`\nAccepted of ${MALFORMED_ZIPS.length}: ${[...acceptedBy].map(([r, n]) => `${r} ${n}`).join(', ')}.\n`);

console.log('## Zip bombs: refused before inflating? (time and peak RSS of a process of its own; about 270 MB of that peak is the process itself, tsx and these modules loaded)\n');
const bombs: [string, Buffer][] = [
  ['APK whose entries declare 2 and 4 GiB of zeros', zerosApk()],
  ['APK with an entry of 512 MiB of zeros (1000 to 1)', buildTestApk({ extra: [zerosEntry('assets/zeros.bin', 512)] })],
  ['index JAR whose JSON is 250 MiB of whitespace', whitespaceIndexJar(250)],
];
console.log(`| archive | file size | ${readers.join(' | ')} |`);
console.log(`|---|---|${readers.map(() => '---').join('|')}|`);
for (const [i, [name, bytes]] of bombs.entries()) {
  const path = join(dir, `bomb-${i}.zip`);
  writeFileSync(path, bytes);
  const cells = readers.map((r) => {
    const o = inChild(r, path);
    return `${o.outcome.slice(0, 70)} (${Number.isNaN(o.ms) ? '?' : (o.ms / 1000).toFixed(2)} s, peak ${Number.isNaN(o.peakMB) ? '?' : o.peakMB.toFixed(0)} MB)`;
  });
  console.log(`| ${name} | ${(bytes.length / 1048576).toFixed(1)} MB | ${cells.join(' | ')} |`);
}

console.log('\n## Writing: the real APK (io.appium.settings) rewritten entry by entry\n');
const original = openArchive(APK);
const entries = original.entriesByOffset.map((e) => ({ e, data: readEntryBytes(original.file, e, 1 << 30) }));
const recordOf = (a: ReturnType<typeof openArchive>, name: string): Buffer | undefined => {
  const e = a.entry(name);
  return e === undefined ? undefined : Buffer.from(a.file.view(e.localHeaderOffset, e.end - e.localHeaderOffset));
};
function compare(label: string, out: Uint8Array): string {
  const path = join(dir, `${label}.apk`);
  writeFileSync(path, out);
  let same = 0;
  let sameData = 0;
  const a = openArchive(path);
  for (const { e } of entries) {
    const mine = recordOf(a, e.name);
    const theirs = recordOf(original, e.name);
    if (mine !== undefined && theirs !== undefined && mine.equals(theirs)) same++;
    const me = a.entry(e.name);
    if (me !== undefined && Buffer.from(a.file.view(me.dataOffset, me.compressedSize)).equals(Buffer.from(original.file.view(e.dataOffset, e.compressedSize)))) sameData++;
  }
  a.file.close();
  const aligned = spawnSync('zipalign', ['-c', '-p', '4', path], { encoding: 'utf8' });
  return `| ${label} | ${same} of ${entries.length} | ${sameData} of ${entries.length} | ${aligned.status === 0 ? 'passes' : '**fails**'} |`;
}
console.log('| writer | local records byte-identical | entry data identical | zipalign -c -p 4 |');
console.log('|---|---|---|---|');
console.log(compare('input (as shipped)', readFileSync(APK)));
const zippable: Zippable = {};
for (const { e, data } of entries) zippable[e.name] = [new Uint8Array(data), { level: e.method === 8 ? 9 : 0, mtime: new Date('2020-01-01') }];
console.log(compare(`fflate ${fflateVersion} zipSync`, zipSync(zippable)));
if (typeof yazlLoaded !== 'string') {
  const yazl = cjs('yazl') as { ZipFile: new () => { addBuffer: (b: Buffer, n: string, o: object) => void; end: () => void; outputStream: NodeJS.ReadableStream } };
  const z = new yazl.ZipFile();
  for (const { e, data } of entries) z.addBuffer(data, e.name, { compress: e.method === 8, mtime: new Date('2020-01-01') });
  z.end();
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) => {
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve());
  });
  console.log(compare(`yazl ${yazlLoaded.version}`, Buffer.concat(chunks)));
}
if (typeof zipjsLoaded !== 'string') {
  const z = zipjsLoaded.module as ZipJs;
  z.configure({ useWebWorkers: false });
  const writer = new z.ZipWriter(new z.Uint8ArrayWriter(), { keepOrder: true, extendedTimestamp: false, useCompressionStream: false });
  for (const { e, data } of entries) await writer.add(e.name, new z.Uint8ArrayReader(new Uint8Array(data)), { level: e.method === 8 ? 9 : 0, lastModDate: new Date('2020-01-01'), dataDescriptor: false });
  console.log(compare(`zip.js ${zipjsLoaded.version}`, await writer.close()));
}
original.file.close();
console.log('\nOurs does not rewrite entries: online/apk/zip/archive-plan.ts copies each local record as it is and pads only with the extra field; its output passes zipalign -c -p 4 and apksigner in test/online/apk/sign-apk.test.ts.');
rmSync(dir, { recursive: true, force: true });
