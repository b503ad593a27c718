/**
 * Canonical CBOR: ours (protocol/encoding) against cbor2 and cbor-x, on the bounds airsign needs.
 * Needs the candidate packages installed outside the repo (see bench/deps/libs.ts); a missing one
 * is printed as skipped. Run: AIRSIGN_DEPS_LIBS=DIR node --expose-gc --import tsx bench/deps/cbor.ts
 *
 * 1. Byte-exact: each committed golden message (test/fixtures/messages/golden.json), decoded by
 *    ours, re-encoded by the library in its deterministic mode: equal to the committed bytes?
 * 2. Refusal: the hand-written non-canonical inputs of test/protocol/encoding/non-canonical-cases.ts
 *    fed to the library's strictest decoder: how many does it accept?
 * 3. Hostile input: deep nesting, huge declared lengths and counts, with time and heap.
 * 4. Browser: the minified size of an esbuild bundle of encode + decode.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex } from '../../protocol/bytes.ts';
import { decodeCanonical, encodeCanonical } from '../../protocol/encoding/index.ts';
import { NON_CANONICAL_CASES } from '../../test/protocol/encoding/non-canonical-cases.ts';
import { bundleSize, header, hex, load, probe } from './libs.ts';
import type { Loaded } from './libs.ts';

type Codec = { name: string; encode: (v: unknown) => Uint8Array; decode: (b: Uint8Array) => unknown; bundle?: string };

const root = join(import.meta.dirname, '../..');
const golden = JSON.parse(readFileSync(join(root, 'test/fixtures/messages/golden.json'), 'utf8')) as Record<string, { message: string }>;

async function codecs(): Promise<{ list: Codec[]; loaded: (Loaded | string)[] }> {
  const list: Codec[] = [{ name: 'ours (protocol/encoding)', encode: (v) => encodeCanonical(v), decode: (b) => decodeCanonical(b), bundle: join(root, 'protocol/encoding/index.ts') }];
  const cbor2 = await load('cbor2');
  if (typeof cbor2 !== 'string') {
    const m = cbor2.module as {
      encode: (v: unknown, o?: object) => Uint8Array;
      decode: (b: Uint8Array, o?: object) => unknown;
      cdeEncodeOptions: object;
      cdeDecodeOptions: object;
    };
    // The strictest decoding cbor2 offers for our subset: CDE (preferred heads, sorted keys, no
    // streaming), no duplicates, no floats, no simple values but the three, no undefined, no bignums, depth 64.
    const strict = {
      ...m.cdeDecodeOptions, rejectDuplicateKeys: true, rejectFloats: true, rejectSimple: true, rejectUndefined: true, rejectBigInts: true, maxDepth: 64,
    };
    list.push({ name: `cbor2 ${cbor2.version}, CDE options`, encode: (v) => m.encode(v, m.cdeEncodeOptions), decode: (b) => m.decode(b, strict), bundle: cbor2.entry });
  }
  const cborx = await load('cbor-x');
  if (typeof cborx !== 'string') {
    const m = cborx.module as { Encoder: new (o: object) => { encode: (v: unknown) => Uint8Array }; Decoder: new (o: object) => { decode: (b: Uint8Array) => unknown } };
    const enc = new m.Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false });
    const dec = new m.Decoder({ useRecords: false, mapsAsObjects: true });
    list.push({ name: `cbor-x ${cborx.version}, no records`, encode: (v) => enc.encode(v), decode: (b) => dec.decode(b), bundle: join(cborx.dir, 'index.js') });
  }
  return { list, loaded: [cbor2, cborx] };
}

function byteExact(c: Codec): string {
  const rows: string[] = [];
  for (const [kind, v] of Object.entries(golden)) {
    const value = decodeCanonical(fromHex(v.message));
    const out = probe(() => c.encode(value));
    const same = out.result === 'returned' && hex(c.encode(value)) === v.message;
    rows.push(`${kind} ${same ? 'equal' : out.result === 'threw' ? `threw (${out.detail})` : 'DIFFERENT'}`);
  }
  return rows.join('; ');
}

function refusals(c: Codec): { accepted: string[]; refused: number } {
  const accepted: string[] = [];
  let refused = 0;
  for (const [name, h] of NON_CANONICAL_CASES) {
    const out = probe(() => c.decode(fromHex(h)));
    if (out.result === 'returned') accepted.push(name);
    else refused++;
  }
  return { accepted, refused };
}

const repeat = (h: string, n: number) => fromHex(h.repeat(n));
const HOSTILE: [string, () => Uint8Array][] = [
  ['10^5 nested arrays', () => new Uint8Array([...repeat('81', 100_000), 0])],
  ['10^5 nested one-key maps', () => new Uint8Array([...repeat('a16161', 100_000), 0])],
  ['byte string declaring 2^32-1 bytes, 5 present', () => fromHex('5affffffff0001020304')],
  ['byte string declaring 2^53 bytes', () => fromHex('5b0020000000000000')],
  ['array declaring 2^32-1 elements, 3 present', () => fromHex('9affffffff010203')],
  ['map declaring 2^32-1 entries, 1 present', () => fromHex('baffffffff616101')],
  ['100 000 elements of a 1 MB array (count far over our limit)', () => new Uint8Array([0x9a, 0x00, 0x01, 0x86, 0xa0, ...new Uint8Array(100_000)])],
];

const { list, loaded } = await codecs();
header('Canonical CBOR: ours against the libraries', loaded);
console.log('| codec | golden messages re-encoded | non-canonical inputs refused | accepted (should be refused) | browser bundle, minified |');
console.log('|---|---|---|---|---|');
for (const c of list) {
  const r = refusals(c);
  const size = c.bundle === undefined ? '' : await bundleSize(c.bundle);
  console.log(`| ${c.name} | ${byteExact(c)} | ${r.refused} of ${NON_CANONICAL_CASES.length} | ${r.accepted.join(', ') || 'none'} | ${size} |`);
}
console.log('\n## Hostile input (time, heap growth, outcome)\n');
console.log(`| input | ${list.map((c) => c.name).join(' | ')} |`);
console.log(`|---|${list.map(() => '---').join('|')}|`);
for (const [name, make] of HOSTILE) {
  const cells = list.map((c) => {
    const input = make();
    const o = probe(() => c.decode(input));
    return `${o.result === 'threw' ? 'refused' : 'ACCEPTED'} in ${o.ms.toFixed(1)} ms, +${o.heapMB.toFixed(1)} MB (${o.detail})`;
  });
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}

console.log('\n## Time per golden request (decode + encode, median of 2000, µs)\n');
const request = fromHex(golden['request']!.message);
for (const c of list) {
  const times: number[] = [];
  try {
    for (let i = 0; i < 2000; i++) {
      const t0 = performance.now();
      c.encode(c.decode(request));
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    console.log(`- ${c.name}: ${(times[1000]! * 1000).toFixed(1)} µs`);
  } catch (e) {
    console.log(`- ${c.name}: threw (${(e as Error).message.slice(0, 80)})`);
  }
}
