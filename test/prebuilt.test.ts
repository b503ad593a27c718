/**
 * The two programs start from prebuilt JavaScript (prebuilt/build.js), and `--help` loads no
 * command's code: each command's code is its own chunk, loaded when that command runs. Checked on
 * the build's own record (esbuild's metafile) rather than on a clock.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'dist', 'prebuilt');

interface Metafile {
  outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }>;
}

describe.each(['airsign', 'airsign-signer'])('prebuilt %s', (name) => {
  it('is built, and its entry loads only the command table: no package, no command code', () => {
    const build = spawnSync(process.execPath, [join(root, 'prebuilt/build.js'), '--if-stale', name], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const pointer = JSON.parse(readFileSync(join(out, `${name}.json`), 'utf8')) as { dir: string };
    const meta = JSON.parse(readFileSync(join(out, pointer.dir, 'meta.json'), 'utf8')) as Metafile;
    const [entryPath, entry] = Object.entries(meta.outputs).find(([path]) => path.endsWith(`${pointer.dir}/main.mjs`))!;
    expect(entryPath).toBeDefined();
    const staticImports = entry.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path);
    expect(staticImports.filter((p) => !p.startsWith('node:') && !p.startsWith('dist/'))).toEqual([]);
    const loaded = new Set(Object.keys(entry.inputs));
    for (const i of entry.imports.filter((x) => x.kind === 'import-statement' && x.path.startsWith('dist/'))) {
      for (const input of Object.keys(meta.outputs[i.path]?.inputs ?? {})) loaded.add(input);
    }
    const commandCode = [...loaded].filter((p) => /^(online|offline)\/(apk|pipeline|session|server|store|pkcs11|signing|link|ceremony|serve|optical|frames|audit)\//.test(relative(root, resolve(root, p))));
    expect(commandCode).toEqual([]);
  });

  it('prints the same help as the program run from source (the lazy command table keeps every spec)', () => {
    const bin = join(root, name === 'airsign' ? 'online/cli/airsign.js' : 'offline/cli/airsign-signer.js');
    const command = name === 'airsign' ? ['frames', 'encode'] : ['sign'];
    for (const args of [['--help'], [...command, '--help']]) {
      const prebuilt = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
      const source = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, AIRSIGN_FROM_SOURCE: '1' } });
      expect(prebuilt.status, prebuilt.stderr).toBe(0);
      expect(prebuilt.stdout).toBe(source.stdout);
    }
  });
});

describe('prebuilt airsign engine thread', () => {
  it('is built beside the program and runs without the TypeScript loader', async () => {
    const build = spawnSync(process.execPath, [join(root, 'prebuilt/build.js'), '--if-stale', 'airsign'], { encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const pointer = JSON.parse(readFileSync(join(out, 'airsign.json'), 'utf8')) as { dir: string };
    const meta = JSON.parse(readFileSync(join(out, pointer.dir, 'meta.json'), 'utf8')) as Metafile;
    const thread = Object.entries(meta.outputs).find(([path]) => path.endsWith(`${pointer.dir}/engine-thread.mjs`));
    expect(thread, 'engine-thread.mjs in the build').toBeDefined();
    expect(Object.keys(thread![1].inputs).some((p) => p.includes('node_modules/tsx'))).toBe(false);
    // A call with an empty certificate: the thread answers with the engine's own typed refusal.
    const worker = new Worker(join(out, pointer.dir, 'engine-thread.mjs'));
    try {
      const reply = await new Promise<{ ok: boolean; error?: { code?: string } }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage({ id: 1, op: 'prepare', args: [join(root, 'no-such.apk'), 'no-such.apk', { der: new Uint8Array(0), sha256: '' }] });
      });
      expect(reply.ok).toBe(false);
      expect(reply.error?.code).toBe('UNSUPPORTED_KEY');
    } finally {
      await worker.terminate();
    }
  });
});
