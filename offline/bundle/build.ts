/**
 * `npm run bundle:offline [-- --out DIR]`: the offline install as one reproducible tarball.
 * Fixed times (the commit's), owners and order; gzip without a timestamp. Prints the tarball's
 * SHA-256 and writes it beside the tarball.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { writeFileDurableSync } from '../../node/durable.ts';
import { join, resolve } from 'node:path';
import { gzipSync } from 'fflate';
import { bundleFiles } from './files.ts';
import { manifest } from './manifest.ts';
import { writeTar } from './tar.ts';

const root = resolve(import.meta.dirname, '../..');

function sourceTime(): number {
  const fromEnv = process.env.SOURCE_DATE_EPOCH;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Number(fromEnv);
  try {
    return Number(execFileSync('git', ['log', '-1', '--format=%ct'], { cwd: root, encoding: 'utf8' }).trim()) || 0;
  } catch {
    return 0;
  }
}

export async function buildOfflineBundle(outDir: string): Promise<{ path: string; sha256: string; bytes: number }> {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const name = `airsign-signer-${version}-linux-${process.arch}-node${process.versions.node.split('.')[0]}`;
  const files = await bundleFiles();
  const withManifest = [...files, { path: 'MANIFEST.sha256', data: manifest(files), executable: false }];
  const tar = writeTar(withManifest.map((e) => ({ ...e, path: `${name}/${e.path}` })), sourceTime());
  const gz = gzipSync(tar, { level: 9, mtime: 0 });
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${name}.tar.gz`);
  writeFileDurableSync(path, gz, { mode: 0o644 });
  const sha256 = createHash('sha256').update(gz).digest('hex');
  writeFileDurableSync(`${path}.sha256`, `${sha256}  ${name}.tar.gz\n`, { mode: 0o644 });
  return { path, sha256, bytes: gz.length };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const i = process.argv.indexOf('--out');
  const outDir = i === -1 ? join(root, 'dist') : resolve(process.argv[i + 1] ?? 'dist');
  const { path, sha256, bytes } = await buildOfflineBundle(outDir);
  process.stdout.write(`${sha256}  ${path} (${(bytes / 1024 / 1024).toFixed(1)} MiB)\n`);
}
