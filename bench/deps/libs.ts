/**
 * Loads the candidate libraries the bench/deps measurements compare against ours. They are NOT
 * project dependencies and are not in node_modules: install them into a scratch directory outside
 * the repository and name it in AIRSIGN_DEPS_LIBS, for example
 *
 *   mkdir -p /tmp/deps-libs && cd /tmp/deps-libs && npm init -y && npm install --ignore-scripts \
 *     cbor-x@1.6.9 cbor2@2.3.0 pngjs@7.0.0 fast-png@8.0.0 asn1js@4.0.0 pkijs@4.0.0 \
 *     @peculiar/asn1-schema@2.11.1 @peculiar/asn1-x509@2.11.1 yauzl@3.4.0 yazl@3.3.1 @devicefarmer/adbkit-apkreader@3.2.4 \
 *     node-apk@1.2.1 binary-xml@0.0.1
 *   AIRSIGN_DEPS_LIBS=/tmp/deps-libs npx tsx bench/deps/cbor.ts
 *
 * A package that is not there is reported as skipped, with this reason, never counted as a pass.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const LIBS_DIR = process.env.AIRSIGN_DEPS_LIBS;

export interface Loaded {
  readonly name: string;
  readonly version: string;
  readonly module: Record<string, unknown>;
  /** The package's own directory (for its entry file, to bundle it). */
  readonly dir: string;
  readonly entry: string;
}

interface PackageJson {
  version: string;
  main?: string;
  module?: string;
  exports?: unknown;
}

/** The file an `import` of the package resolves to: the exports map's import/default, else module, else main. */
function entryOf(pkg: PackageJson): string {
  let e: unknown = pkg.exports;
  if (e !== null && typeof e === 'object' && '.' in e) e = (e as Record<string, unknown>)['.'];
  for (let i = 0; i < 4 && e !== null && typeof e === 'object'; i++) {
    const o = e as Record<string, unknown>;
    e = o['node'] ?? o['import'] ?? o['default'] ?? o['require'];
    if (e !== null && typeof e === 'object' && 'import' in e) e = (e as Record<string, unknown>)['import'];
  }
  if (typeof e === 'string') return e;
  return pkg.module ?? pkg.main ?? 'index.js';
}

/** The package, or a sentence saying why it could not be loaded. */
export async function load(name: string): Promise<Loaded | string> {
  if (LIBS_DIR === undefined) return `${name}: AIRSIGN_DEPS_LIBS is not set (see bench/deps/libs.ts for the npm install line)`;
  const dir = join(LIBS_DIR, 'node_modules', name);
  if (!existsSync(join(dir, 'package.json'))) return `${name} is not installed in ${LIBS_DIR}`;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  const entry = join(dir, entryOf(pkg));
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  } catch {
    module = createRequire(join(LIBS_DIR, 'package.json'))(name) as Record<string, unknown>;
  }
  return { name, version: pkg.version, module, dir, entry };
}

/** A package's CommonJS export (for packages that export one function or class). */
export function cjs(name: string): unknown {
  if (LIBS_DIR === undefined) return undefined;
  return createRequire(join(LIBS_DIR, 'package.json'))(name);
}

/** What one call did: returned, threw (with the error's code or name), and how long and how much heap it took. */
export interface Outcome {
  readonly result: 'returned' | 'threw';
  readonly detail: string;
  readonly ms: number;
  readonly heapMB: number;
}

export function probe(run: () => unknown): Outcome {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  let out: Omit<Outcome, 'ms' | 'heapMB'>;
  try {
    const v = run();
    out = { result: 'returned', detail: describe(v) };
  } catch (e) {
    const err = e as { code?: unknown; name?: unknown; message?: unknown };
    const code = typeof err.code === 'string' ? err.code : typeof err.name === 'string' ? err.name : 'error';
    out = { result: 'threw', detail: `${code}: ${String(err.message ?? e).slice(0, 70).replace(/\|/g, '/')}` };
  }
  const ms = performance.now() - t0;
  const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  return { ...out, ms, heapMB: Math.max(0, (after - before) / 1048576) };
}

function describe(v: unknown): string {
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (Array.isArray(v)) return `array of ${v.length}`;
  if (v instanceof Map) return `map of ${v.size}`;
  if (v !== null && typeof v === 'object') return `object of ${Object.keys(v).length} keys`;
  return JSON.stringify(v)?.slice(0, 40) ?? String(v);
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function header(title: string, loaded: readonly (Loaded | string)[]): void {
  console.log(`# ${title}\n`);
  console.log(`Node ${process.version}, run ${new Date().toISOString().slice(0, 16)} UTC.`);
  for (const l of loaded) console.log(typeof l === 'string' ? `- skipped: ${l}` : `- ${l.name}@${l.version}`);
  console.log('');
}

const ROOT = join(import.meta.dirname, '../..');

/** The minified browser bundle size of `entry` (a library's entry file or one of ours), or why it does not bundle. */
export async function bundleSize(entry: string): Promise<string> {
  try {
    const r = await build({
      stdin: { contents: `import * as m from ${JSON.stringify(entry)}; globalThis.x = m;`, resolveDir: ROOT, loader: 'ts' },
      bundle: true, minify: true, write: false, format: 'esm', platform: 'browser', logLevel: 'silent',
    });
    return `${(r.outputFiles[0]!.contents.length / 1024).toFixed(1)} KiB`;
  } catch (e) {
    const lines = String((e as Error).message).split('\n');
    return `does not bundle for the browser (${(lines.find((l) => l.includes('Could not resolve')) ?? lines[0]!).slice(0, 100)})`;
  }
}
