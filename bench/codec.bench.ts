/**
 * Message codec benchmark: time to turn a message into a transfer (validate, canonical encoding,
 * deflate) and back (inflate with the cap, canonical decoding, validation), and the bytes on the
 * link, against a baseline measured in the same run: JSON.stringify/parse with byte fields as hex,
 * compressed with fflate at the same level, validated with the same zod schema.
 * Writes docs/bench/codec.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { deflateSync, inflateSync } from 'fflate';
import { fromHex, toHex } from '../protocol/bytes.ts';
import { Message, messageToTransfer, transferToMessage } from '../protocol/messages/index.ts';
import { typicalRequest, typicalResponse } from '../test/protocol/messages/typical.ts';

const BYTE_KEYS = new Set(['requestId', 'keys', 'sha256', 'contentDigest', 'sfDigest', 'signature', 'requestDigest', 'head', 'certificate']);

function jsonEncode(msg: Message): Uint8Array {
  const valid = Message.parse(msg);
  const text = JSON.stringify(valid, (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v));
  return deflateSync(new TextEncoder().encode(text), { level: 9 });
}

/** Hex strings back to bytes, by field name, as a JSON protocol would have to. */
function revive(v: unknown, key = ''): unknown {
  if (typeof v === 'string' && BYTE_KEYS.has(key)) return fromHex(v);
  if (Array.isArray(v)) return v.map((x) => revive(x, key === 'keys' ? 'keys' : ''));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x, k)]));
  return v;
}

function jsonDecode(bytes: Uint8Array): Message {
  return Message.parse(revive(JSON.parse(new TextDecoder().decode(inflateSync(bytes)))));
}

/** CPU time (user + system) of this process, in microseconds: steadier than wall time on a shared machine. */
function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** Calls per batch so that one batch takes about 50 ms. */
function batchSize(f: () => unknown): number {
  let n = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < n; i++) f();
    if (performance.now() - t > 50) return n;
    n *= 2;
  }
}

/**
 * Median CPU time per call of `ours` and `baseline`, in microseconds, measured in alternating
 * batches so that whatever else the machine does falls on both alike.
 */
function timePair(ours: () => unknown, baseline: () => unknown, rounds = 21): [number, number] {
  const sides = [ours, baseline].map((f) => ({ f, n: batchSize(f), samples: [] as number[] }));
  for (let r = 0; r < rounds; r++) {
    for (const side of sides) {
      const t = cpuUs();
      for (let i = 0; i < side.n; i++) side.f();
      side.samples.push((cpuUs() - t) / side.n);
    }
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return [median(sides[0]!.samples), median(sides[1]!.samples)];
}

const workloads: [string, Message, number][] = [
  ['request, 1 APK', typicalRequest(1), 1],
  ['request, 100 APKs', typicalRequest(100), 100],
  ['response, 100 APKs (2 RSA-2048 signatures each)', typicalResponse(100), 100],
];

interface Row {
  name: string;
  items: number;
  ours: { encodeUs: number; decodeUs: number; bytes: number };
  json: { encodeUs: number; decodeUs: number; bytes: number };
}

const rows: Row[] = [];
for (const [name, msg, items] of workloads) {
  const transfer = messageToTransfer(msg);
  const json = jsonEncode(msg);
  // Both must give the message back, or the comparison means nothing.
  if (JSON.stringify(revive(JSON.parse(JSON.stringify(transferToMessage(transfer), (_k, v: unknown) => (v instanceof Uint8Array ? toHex(v) : v))))) !== JSON.stringify(revive(JSON.parse(new TextDecoder().decode(inflateSync(json)))))) {
    throw new Error(`${name}: the two encodings do not carry the same message`);
  }
  const [oursEncode, jsonEncodeUs] = timePair(() => messageToTransfer(msg), () => jsonEncode(msg));
  const [oursDecode, jsonDecodeUs] = timePair(() => transferToMessage(transfer), () => jsonDecode(json));
  rows.push({
    name,
    items,
    ours: { encodeUs: oursEncode, decodeUs: oursDecode, bytes: transfer.length },
    json: { encodeUs: jsonEncodeUs, decodeUs: jsonDecodeUs, bytes: json.length },
  });
  process.stdout.write(`${name}: ours ${oursEncode.toFixed(0)}/${oursDecode.toFixed(0)} us, ${transfer.length} B; json ${jsonEncodeUs.toFixed(0)}/${jsonDecodeUs.toFixed(0)} us, ${json.length} B\n`);
}

const us = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${x.toFixed(0)} µs`);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const table = [
  '| message | encode + compress | baseline | ratio | decompress + decode + validate | baseline | ratio |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${us(r.ours.encodeUs)} | ${us(r.json.encodeUs)} | ${ratio(r.ours.encodeUs, r.json.encodeUs)} | ${us(r.ours.decodeUs)} | ${us(r.json.decodeUs)} | ${ratio(r.ours.decodeUs, r.json.decodeUs)} |`),
];
const sizes = [
  '| message | transfer bytes | bytes per item | baseline bytes | baseline per item | ratio |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.ours.bytes} | ${(r.ours.bytes / r.items).toFixed(1)} | ${r.json.bytes} | ${(r.json.bytes / r.items).toFixed(1)} | ${ratio(r.ours.bytes, r.json.bytes)} |`),
];

const md = `# Message codec benchmark

\`npm run bench codec\` (bench/codec.bench.ts). Ours: \`messageToTransfer\` (zod validation, canonical
encoding, raw deflate level 9 with the preset dictionary) and \`transferToMessage\` (capped streaming
inflate, canonical decoding, zod validation). Baseline, measured in the same run on the same
objects: zod validation, \`JSON.stringify\` with byte fields as hex, fflate \`deflateSync\` level 9; back
with \`inflateSync\`, \`JSON.parse\`, hex to bytes by field name, zod validation. Ratios are ours ÷
baseline: below 1 is better. Times are CPU time (user + system) per message, the median of 21
batches of about 50 ms each, ours and the baseline in alternating batches.

Workload: typical v2+v3 APK items (package names of about 25 to 30 characters, SHA-256 artifact and
content digests, version code and name, one key), as in test/protocol/messages/typical.ts.

## Time per message

${table.join('\n')}

## Bytes on the link

${sizes.join('\n')}

Run on ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; load average at the end of
the run ${loadavg()
  .map((l) => l.toFixed(1))
  .join(' / ')}. The machine was shared with other work: CPU time and alternating batches keep the
ratios steadier than the absolute times.
`;
writeFileSync(join(import.meta.dirname, '../docs/bench/codec.md'), md);
process.stdout.write('wrote docs/bench/codec.md\n');
