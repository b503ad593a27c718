/**
 * Raw deflate (window 15 bits, memLevel 8, default strategy) by the system's zlib, the library
 * apksigner's Java Deflater and fdroidserver's apksigcopier compress with. apksigcopier finds an
 * entry's level by recompressing it at levels 9 and 1 and comparing the bytes, and Node's bundled
 * zlib (Chromium's fork) writes other bytes at every level, so the v1 signature files must come
 * from the system's zlib to be copied. It is reached through Python's zlib module (present where
 * fdroidserver is), every input of a call in one process. Without it, Node's zlib deflates at the
 * same level and a warning says once what that costs.
 */
import { spawnSync } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';

/** Reads length-prefixed inputs on stdin, writes each deflated output length-prefixed on stdout. */
const SCRIPT = [
  'import sys, zlib',
  'level = int(sys.argv[1]); data = sys.stdin.buffer.read(); out = sys.stdout.buffer; at = 0',
  'while at < len(data):',
  '    n = int.from_bytes(data[at:at + 4], "big"); chunk = data[at + 4:at + 4 + n]; at += 4 + n',
  '    c = zlib.compressobj(level, zlib.DEFLATED, -15, 8); d = c.compress(chunk) + c.flush()',
  '    out.write(len(d).to_bytes(4, "big") + d)',
].join('\n');

let warned = false;

function frame(inputs: readonly Uint8Array[]): Buffer {
  return Buffer.concat(
    inputs.flatMap((input) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(input.length);
      return [length, Buffer.from(input.buffer, input.byteOffset, input.byteLength)];
    }),
  );
}

function unframe(output: Buffer, count: number): Uint8Array[] | undefined {
  const results: Uint8Array[] = [];
  let at = 0;
  while (at + 4 <= output.length) {
    const n = output.readUInt32BE(at);
    if (at + 4 + n > output.length) return undefined;
    results.push(new Uint8Array(output.subarray(at + 4, at + 4 + n)));
    at += 4 + n;
  }
  return at === output.length && results.length === count ? results : undefined;
}

function bySystemZlib(inputs: readonly Uint8Array[], level: number): Uint8Array[] | string {
  const python = process.env.AIRSIGN_PYTHON ?? 'python3';
  const run = spawnSync(python, ['-I', '-S', '-c', SCRIPT, String(level)], { input: frame(inputs), maxBuffer: 2 ** 31 - 1 });
  if (run.error !== undefined) return `${python} could not run (${run.error.message})`;
  if (run.status !== 0) return `${python} failed: ${run.stderr.toString().trim().split('\n').at(-1) ?? ''}`;
  return unframe(run.stdout, inputs.length) ?? `${python} gave malformed output`;
}

/** Each input deflated at `level` as the system's zlib deflates it (Node's zlib if that cannot run, said once). */
export function systemDeflateRaw(inputs: readonly Uint8Array[], level: 1 | 6 | 9): Uint8Array[] {
  if (inputs.length === 0) return [];
  const result = bySystemZlib(inputs, level);
  if (typeof result !== 'string') return result;
  if (!warned) {
    warned = true;
    process.stderr.write(`airsign: warning: the system's zlib is not reachable (${result}); v1 signature files are deflated by Node's zlib, which apksigcopier (fdroid signatures) cannot copy\n`);
  }
  return inputs.map((input) => new Uint8Array(deflateRawSync(input, { level, windowBits: 15, memLevel: 8 })));
}
