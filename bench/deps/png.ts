/**
 * PNG: ours (protocol/optical/png-decode.ts, png-encode.ts) against pngjs (node_modules, the tests'
 * oracle) and fast-png (needs AIRSIGN_DEPS_LIBS, see bench/deps/libs.ts), on the bounds airsign
 * needs: a frame file read by the offline signer is hostile (a deflate bomb or a huge declared size
 * must cost little), protocol/ has no Node built-ins (the signer bundle and the pages), and reading a
 * 1280x720 frame must be quick. Run: AIRSIGN_DEPS_LIBS=DIR node --expose-gc --import tsx bench/deps/png.ts
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { zlibSync } from 'fflate';
import pngjs from 'pngjs';
import { writeU32BE } from '../../protocol/bytes.ts';
import { decodePng, encodePng } from '../../protocol/optical/index.ts';
import { pngChunk } from '../../protocol/optical/png-encode.ts';
import { bundleSize, load, probe } from './libs.ts';

const root = join(import.meta.dirname, '../..');
type Codec = { name: string; decode: (b: Uint8Array) => unknown; encodeGrey: (w: number, h: number, grey: Uint8Array) => Uint8Array; bundle: string };

/** A grey PNG whose header says width x height and whose one IDAT inflates to that many zero rows. */
function bomb(width: number, height: number): Uint8Array {
  const header = new Uint8Array(13);
  writeU32BE(header, 0, width);
  writeU32BE(header, 4, height);
  header[8] = 8;
  const raw = new Uint8Array(height * (width + 1));
  const idat = zlibSync(raw, { level: 9 });
  const sig = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  return Uint8Array.from([...sig, ...pngChunk('IHDR', header), ...pngChunk('IDAT', idat), ...pngChunk('IEND', new Uint8Array(0))]);
}
/** A small header (width x height grey) whose IDAT inflates far past its last row: `extra` more zero bytes. */
function overlongIdat(width: number, height: number, extra: number): Uint8Array {
  const header = new Uint8Array(13);
  writeU32BE(header, 0, width);
  writeU32BE(header, 4, height);
  header[8] = 8;
  const idat = zlibSync(new Uint8Array(height * (width + 1) + extra), { level: 9 });
  const sig = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  return Uint8Array.from([...sig, ...pngChunk('IHDR', header), ...pngChunk('IDAT', idat), ...pngChunk('IEND', new Uint8Array(0))]);
}
/** A header declaring a huge image, followed by a few bytes of IDAT only. */
function hugeHeader(width: number, height: number): Uint8Array {
  const header = new Uint8Array(13);
  writeU32BE(header, 0, width);
  writeU32BE(header, 4, height);
  header[8] = 8;
  header[9] = 6;
  const sig = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  return Uint8Array.from([...sig, ...pngChunk('IHDR', header), ...pngChunk('IDAT', zlibSync(new Uint8Array(100))), ...pngChunk('IEND', new Uint8Array(0))]);
}
/** A QR-like 1280x720 grey frame: 8-pixel modules. */
function frame(): { width: number; height: number; data: Uint8Array } {
  const width = 1280;
  const height = 720;
  const data = new Uint8Array(width * height).fill(255);
  let seed = 7;
  for (let my = 10; my < 80; my++) {
    for (let mx = 40; mx < 120; mx++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      if ((seed >>> 16) & 1) for (let y = 0; y < 8; y++) data.fill(0, (my * 8 + y) * width + mx * 8, (my * 8 + y) * width + mx * 8 + 8);
    }
  }
  return { width, height, data };
}

async function codecs(): Promise<{ list: Codec[]; notes: string[] }> {
  const notes: string[] = [];
  const list: Codec[] = [
    { name: 'ours (protocol/optical)', decode: (b) => decodePng(b), encodeGrey: (width, height, data) => encodePng({ width, height, data }), bundle: join(root, 'protocol/optical/png-decode.ts') },
  ];
  const PNG = (pngjs as unknown as { PNG: { sync: { read: (b: Buffer) => unknown; write: (p: object, o?: object) => Buffer } } }).PNG;
  notes.push('pngjs@7.0.0 (node_modules)');
  list.push({
    name: 'pngjs 7.0.0 (sync)',
    decode: (b) => PNG.sync.read(Buffer.from(b.buffer, b.byteOffset, b.byteLength)),
    encodeGrey: (width, height, grey) => {
      const rgba = Buffer.alloc(width * height * 4);
      for (let i = 0; i < grey.length; i++) {
        rgba.fill(grey[i]!, i * 4, i * 4 + 3);
        rgba[i * 4 + 3] = 255;
      }
      return PNG.sync.write({ width, height, data: rgba }, { colorType: 0, inputColorType: 6 });
    },
    bundle: join(root, 'node_modules/pngjs/lib/png.js'),
  });
  const fast = await load('fast-png');
  if (typeof fast === 'string') notes.push(`skipped: ${fast}`);
  else {
    notes.push(`fast-png@${fast.version}`);
    const m = fast.module as { decode: (b: Uint8Array) => unknown; encode: (p: object) => Uint8Array };
    list.push({ name: `fast-png ${fast.version}`, decode: (b) => m.decode(b), encodeGrey: (width, height, data) => m.encode({ width, height, data, channels: 1, depth: 8 }), bundle: fast.entry });
  }
  return { list, notes };
}

/** Median of n timed runs after n untimed ones (each codec warms its own JIT first). */
function median(f: () => void, n: number): number {
  for (let i = 0; i < n; i++) f();
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(n / 2)]!;
}

const { list, notes } = await codecs();
const f = frame();
const framePng = encodePng(f);
const hostile: [string, () => Uint8Array][] = [
  ['deflate bomb: 16384x16384 grey of zeros (268 MP) in 256 KiB', () => bomb(16384, 16384)],
  ['inside our cap: 7680x4320 grey of zeros (33 MP)', () => bomb(7680, 4320)],
  ['1280x720 header, IDAT inflating to 256 MiB more', () => overlongIdat(1280, 720, 256 * 1048576)],
  ['header declaring 65535x65535 RGBA, 100 bytes of IDAT', () => hugeHeader(65535, 65535)],
  ['header declaring 2^31-1 x 1 RGBA', () => hugeHeader(0x7fffffff, 1)],
];

// Each hostile input is decoded in a child process of its own, so its peak memory is its own.
const one = process.argv.indexOf('--one');
if (one !== -1) {
  const c = list[Number(process.argv[one + 1])]!;
  const input = hostile[Number(process.argv[one + 2])]![1]();
  const before = process.resourceUsage().maxRSS;
  const o = probe(() => c.decode(input));
  process.stdout.write(JSON.stringify({ ...o, peakMB: (process.resourceUsage().maxRSS - before) / 1024 }) + '\n');
  process.exit(0);
}

console.log(`# PNG: ours against pngjs and fast-png\n\nNode ${process.version}, run ${new Date().toISOString().slice(0, 16)} UTC.`);
for (const n of notes) console.log(`- ${n}`);
console.log('\nHostile inputs: each decoded in a process of its own; "peak" is how far its peak RSS rose over the decode.\n');
console.log('| codec | decode a 1280x720 frame (median of 15, after 15 untimed) | encode it (median of 5, after 5 untimed) | bytes written | ' + hostile.map(([n]) => n).join(' | ') + ' | browser bundle, minified |');
console.log(`|---|---|---|---|${hostile.map(() => '---').join('|')}|---|`);
for (const [ci, c] of list.entries()) {
  const dec = median(() => c.decode(framePng), 15);
  const enc = median(() => c.encodeGrey(f.width, f.height, f.data), 5);
  const size = c.encodeGrey(f.width, f.height, f.data).length;
  const cells = hostile.map((_h, hi) => {
    const r = spawnSync(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', import.meta.filename, '--one', String(ci), String(hi)], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 20 });
    const line = r.stdout.trim().split('\n').pop() ?? '';
    if (!line.startsWith('{')) return `child failed (exit ${r.status ?? r.signal}): ${r.stderr.slice(-80)}`;
    const o = JSON.parse(line) as { result: string; detail: string; ms: number; peakMB: number };
    return `${o.result === 'threw' ? 'refused' : '**decoded**'} in ${o.ms.toFixed(0)} ms, peak +${o.peakMB.toFixed(0)} MB (${o.detail.slice(0, 50)})`;
  });
  console.log(`| ${c.name} | ${dec.toFixed(1)} ms | ${enc.toFixed(1)} ms | ${size} | ${cells.join(' | ')} | ${await bundleSize(c.bundle)} |`);
}
