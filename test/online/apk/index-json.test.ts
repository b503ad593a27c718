/**
 * The index JSON is read as it streams: the fields found equal what JSON.parse finds, whatever
 * the split of the input into pieces; what JSON.parse refuses is refused; and a large index costs
 * no more memory than a small one (measured in a child process, whose peak RSS is its own).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexJsonScanner } from '../../../online/apk/index-json.ts';
import type { IndexFields, IndexValue } from '../../../online/apk/index-json.ts';
import { scratchDir } from '../../support/tools.ts';
import { buildIndexJar, buildZip } from '../../support/zip-builder.ts';

const MIB = 1024 * 1024;
const root = resolve(import.meta.dirname, '../../..');

function scan(text: string, splitAt?: number): IndexFields {
  const bytes = Buffer.from(text);
  const s = new IndexJsonScanner();
  if (splitAt === undefined) s.write(bytes);
  else {
    s.write(bytes.subarray(0, splitAt));
    s.write(bytes.subarray(splitAt));
  }
  return s.end();
}

/** What JSON.parse makes of the same fields, in the scanner's terms. */
function expected(text: string): IndexFields {
  const doc = JSON.parse(text) as unknown;
  const asValue = (v: unknown): IndexValue | undefined =>
    v === undefined ? undefined : typeof v === 'number' ? { kind: 'number', text: String(v) } : typeof v === 'string' ? { kind: 'string', text: v } : { kind: 'other' };
  const pick = (o: unknown) => {
    const r = o as Record<string, unknown>;
    const out: { timestamp?: IndexValue; version?: IndexValue } = {};
    if (asValue(r.timestamp) !== undefined) out.timestamp = asValue(r.timestamp)!;
    if (asValue(r.version) !== undefined) out.version = asValue(r.version)!;
    return out;
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { top: {} };
  const repo = (doc as Record<string, unknown>).repo;
  return { top: pick(doc), ...(typeof repo === 'object' && repo !== null && !Array.isArray(repo) ? { repo: pick(repo) } : {}) };
}

/** Number values compare by value: the scanner keeps the text, JSON.parse the number. */
function normal(f: IndexFields): unknown {
  // Strings compare as far as they are shown (the first 100 characters).
  const v = (x?: IndexValue) => (x === undefined ? undefined : x.kind === 'number' ? { kind: 'number', text: String(Number(x.text)) } : x.kind === 'string' ? { kind: 'string', text: x.text.slice(0, 100) } : x);
  const pair = (p?: { timestamp?: IndexValue; version?: IndexValue }) => (p === undefined ? undefined : { timestamp: v(p.timestamp), version: v(p.version) });
  return { top: pair(f.top), repo: pair(f.repo) };
}

const valid = [
  '{"timestamp": 1700000000000, "version": 20002, "index": {"name": "/index-v2.json", "numPackages": 3}}',
  '{"repo": {"timestamp": 1700000000000, "version": 21, "name": "Repo", "icon": null}, "requests": {"install": [], "uninstall": []}, "apps": [{"timestamp": 5}], "packages": {}}',
  ' \n\t{"repo":{"version":"2.1","timestamp":1.7e12}}\r\n ',
  '{"\\u0074imestamp": 42, "version": "caf\\u00e9 \\"1\\" \\\\ \\/ \\b\\f\\n\\r\\t ünï ✓ 😀"}',
  '{"timestamp": {"nested": [1, 2, {"timestamp": 3}]}, "version": true}',
  '{"timestamp": -0, "version": -12.5E-3, "x": [[[[]]]], "y": [true, false, null, "s", 0, {}]}',
  '{"repo": [1, 2], "timestamp": 7}',
  '{"repo": "no", "other": 1}',
  '[{"timestamp": 1}]',
  '"just a string"',
  '12345',
  '{}',
  `{"timestamp": 9, "${'k'.repeat(3000)}": "${'v'.repeat(3000)}", "version": "${'w'.repeat(2000)}"}`,
];

const invalid = [
  '', '   ', '{', '}', '{"timestamp": 1,}', '{"timestamp" 1}', '{"timestamp": 01}', '{"timestamp": 1.}', '{"timestamp": .5}',
  '{"timestamp": 1e}', '{"timestamp": +1}', '{"timestamp": tru}', '{"timestamp": nul}', '[1, 2,]', '[1 2]', '{"a": 1} {"b": 2}',
  '{"a": "\u0001"}', '{"a": "\\x41"}', '{"a": "\\u12G4"}', '{"a": "unterminated}', "{'a': 1}", '{a: 1}', '{"a": [}', '{"a": 1]', 'nan',
];

describe('the streaming index JSON reader', () => {
  it.each(valid.map((text) => [text.slice(0, 60), text]))('reads what JSON.parse reads, split anywhere: %s', (_label, text) => {
    const want = normal(expected(text));
    expect(normal(scan(text))).toEqual(want);
    for (let at = 0; at <= Buffer.byteLength(text); at += text.length > 500 ? 97 : 1) expect(normal(scan(text, at))).toEqual(want);
  });

  it.each(invalid)('refuses what JSON.parse refuses: %s', (text) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(() => scan(text)).toThrow(expect.objectContaining({ code: 'BAD_INDEX' }));
  });

  it('refuses a second timestamp, version or repo, where readers would differ on which counts', () => {
    for (const text of ['{"timestamp": 1, "timestamp": 2}', '{"repo": {"version": 1, "version": 2}}', '{"repo": {}, "repo": {"timestamp": 1}}']) {
      expect(() => scan(text)).toThrow(expect.objectContaining({ code: 'BAD_INDEX' }));
    }
    // Elsewhere, as JSON allows, keys may repeat.
    expect(scan('{"timestamp": 1, "apps": [{"timestamp": 2, "timestamp": 3}]}').top.timestamp).toEqual({ kind: 'number', text: '1' });
  });

  it('reads a 128 MiB index in a child process whose peak memory stays near that of a small index', () => {
    const dir = scratchDir('index-rss');
    // JSON that compresses about 50 to 1 (within the inflate limits): short random strings, each padded with spaces.
    const json = Buffer.alloc(128 * MIB, 0x20);
    let at = json.write('{"timestamp": 1700000000000, "version": 20002, "pad": [');
    const random = randomBytes(json.length / 64).toString('base64');
    for (let k = 0; at + 4200 < json.length; k += 64) at += json.write(`${k === 0 ? '' : ','}"${random.slice(k, k + 64)}"`, at) + 4000;
    json.write(']}', at);
    const big = join(dir, 'big', 'entry.jar');
    const small = join(dir, 'small', 'entry.jar');
    spawnSync('mkdir', ['-p', join(dir, 'big'), join(dir, 'small')]);
    writeFileSync(big, buildZip([{ name: 'entry.json', data: json, method: 8 }], { align: false }));
    writeFileSync(small, buildIndexJar('entry', 1_700_000_000_000));
    const peak = (path: string) => {
      const code = `import { inspectArtifact } from ${JSON.stringify(join(root, 'online/apk/index.ts'))}; const r = inspectArtifact(process.argv[1]); console.log(JSON.stringify({ timestamp: r.info.versionCode, maxRss: process.resourceUsage().maxRSS * 1024 }));`;
      const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, path], { cwd: root, encoding: 'utf8' });
      expect(child.status, child.stderr).toBe(0);
      return JSON.parse(child.stdout) as { timestamp: number; maxRss: number };
    };
    const base = peak(small);
    const large = peak(big);
    process.stdout.write(`index JSON of 128 MiB: child peak RSS ${(large.maxRss / MIB).toFixed(0)} MiB; with a small index ${(base.maxRss / MIB).toFixed(0)} MiB\n`);
    expect(large.timestamp).toBe(1_700_000_000_000);
    // Held whole, the document alone would be 128 MiB as bytes and again as a string.
    expect(large.maxRss - base.maxRss).toBeLessThan(96 * MIB);
  }, 180_000);
});
