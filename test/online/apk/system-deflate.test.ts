/**
 * online/apk/zip/system-deflate.ts: the v1 signature files and index JARs deflated by the system's
 * zlib, as apksigcopier recompresses them (checked against zlib through Python, one call per input,
 * as apksigcopier does it), every input inflating back; where Python cannot run, Node's zlib, said once.
 */
import { spawnSync } from 'node:child_process';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { systemDeflateRaw } from '../../../online/apk/zip/system-deflate.ts';
import { seededRandom } from '../../support/seeded-random.ts';

function bytesFrom(seed: number): (n: number) => Buffer {
  const next = seededRandom(seed);
  return (n) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
}

const python = spawnSync('/usr/bin/python3', ['-c', 'import zlib'], { stdio: 'ignore' }).status === 0;
if (!python) console.warn('skipped: /usr/bin/python3 with zlib is needed as the oracle');

/** Python's zlib, level 9, raw: every input in one call, the SHA-256 of each output back. */
function zlibDigests(inputs: readonly Uint8Array[], level: 6 | 9): string[] {
  const framed = Buffer.concat(inputs.flatMap((b) => { const n = Buffer.alloc(4); n.writeUInt32BE(b.length); return [n, Buffer.from(b)]; }));
  const script = 'import sys,zlib,hashlib\nd=sys.stdin.buffer.read();i=0\nwhile i<len(d):\n n=int.from_bytes(d[i:i+4],"big");b=d[i+4:i+4+n];i+=4+n\n c=zlib.compressobj(int(sys.argv[1]),8,-15);print(hashlib.sha256(c.compress(b)+c.flush()).hexdigest())';
  const r = spawnSync('/usr/bin/python3', ['-c', script, String(level)], { input: framed, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(r.stderr.toString());
  return r.stdout.toString().trim().split('\n');
}

function manifestLike(entries: number): Uint8Array {
  let text = 'Manifest-Version: 1.0\r\nCreated-By: 1.0 (Android)\r\n\r\n';
  const random = bytesFrom(7);
  for (let i = 0; i < entries; i++) text += `Name: res/drawable-xhdpi-v4/icon_${i}.png\r\nSHA-256-Digest: ${Buffer.from(random(32)).toString('base64')}\r\n\r\n`;
  return Buffer.from(text);
}

describe.skipIf(!python)('level-9 and level-6 deflate as zlib writes it', () => {
  it('gives zlib\'s bytes for every kind of input', () => {
    const random = bytesFrom(11);
    const fib: number[] = [1, 1];
    while (fib.length < 24) fib.push(fib.at(-1)! + fib.at(-2)!);
    // Symbol counts in a Fibonacci row make the optimal code longer than 15 bits: the fix-up runs.
    const skewed = Buffer.concat(fib.map((f, i) => Buffer.alloc(Math.min(f, 20000), i * 7 + 1)).reverse().map((b, i) => (i % 2 === 0 ? b : Buffer.from(random(b.length)))));
    const inputs: Uint8Array[] = [
      new Uint8Array(0),
      Buffer.from('a'),
      Buffer.from('abcabcabcabcabc'),
      manifestLike(3),
      manifestLike(500),
      manifestLike(1500),
      random(1738),
      random(70_000),
      Buffer.alloc(300_000, 0x41),
      Buffer.concat([random(40_000), Buffer.alloc(30_000, 1), random(40_000), manifestLike(200)]),
      skewed,
      Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * i) % 251)),
    ];
    const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const level9 = systemDeflateRaw(inputs, 9);
    expect(level9.map(digest)).toEqual(zlibDigests(inputs, 9));
    // Level 6 is what Python's zipfile writes fdroidserver's index JARs with.
    const level6 = systemDeflateRaw(inputs, 6);
    expect(level6.map(digest)).toEqual(zlibDigests(inputs, 6));
    for (const [i, input] of inputs.entries()) {
      expect(Buffer.from(inflateRawSync(level9[i]!)).equals(Buffer.from(input))).toBe(true);
      expect(Buffer.from(inflateRawSync(level6[i]!)).equals(Buffer.from(input))).toBe(true);
    }
    // Why it is not node:zlib: Node's bundled zlib writes other bytes for a plain manifest.
    expect(digest(deflateRawSync(manifestLike(500), { level: 9 }))).not.toBe(digest(level9[4]!));
  });
});

describe('without Python', () => {
  it('deflates with Node\'s zlib and says once what that costs', () => {
    const script = [
      "const { systemDeflateRaw } = await import('./online/apk/zip/system-deflate.ts');",
      "const { inflateRawSync } = await import('node:zlib');",
      "const a = systemDeflateRaw([Buffer.from('Manifest-Version: 1.0\\r\\n')], 9);",
      "const b = systemDeflateRaw([Buffer.from('second')], 9);",
      "process.stdout.write(inflateRawSync(a[0]).toString() + '|' + inflateRawSync(b[0]).toString());",
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '../../..'),
      env: { ...process.env, AIRSIGN_PYTHON: '/nonexistent/python3' },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('Manifest-Version: 1.0\r\n|second');
    const warnings = run.stderr.split('\n').filter((l) => l.includes('apksigcopier'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('/nonexistent/python3 could not run');
  });
});
