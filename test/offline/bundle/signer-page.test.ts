/**
 * The offline bundle carries the signer page already built: unpacked on its own (no checkout, no
 * esbuild, no node_modules but the PKCS#11 addon), `bin/airsign-signer serve` serves the page, its
 * worker and its wasm from the bundle's assets.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOfflineBundle } from '../../../offline/bundle/build.ts';
import { PAGE_FILE_NAMES } from '../../../offline/serve/index.ts';
import { startServed } from '../../support/served-program.ts';
import { freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';

let hsm: SoftHsm;
let unpacked: string;

beforeAll(async () => {
  hsm = freshSoftHsm();
  hsm.initToken('release');
  const { path } = await buildOfflineBundle(join(hsm.dir, 'dist'));
  const into = join(hsm.dir, 'install');
  mkdirSync(into);
  execFileSync('tar', ['-xzf', path, '-C', into]);
  unpacked = join(into, readdirSync(into)[0]!);
}, 180_000);

afterAll(() => hsm?.remove());

describe('the signer page in the offline bundle', () => {
  it('carries the built page and serves it from the bundle alone', async () => {
    for (const name of PAGE_FILE_NAMES) expect(readdirSync(join(unpacked, 'assets/signer-page'))).toContain(name);
    expect(readFileSync(join(unpacked, 'signer.mjs'), 'utf8')).not.toMatch(/from ["']esbuild["']/);
    const policy = join(hsm.dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['*'], artifacts: ['apk'] }, { keys: ['*'], packages: ['*'], artifacts: ['jar'] }] }));
    // The bundle's own start script, from a directory with no node_modules of ours above it.
    const served = await startServed(join(unpacked, 'bin/airsign-signer'), ['serve', '--port', '0', '--policy', policy, '--state', join(hsm.dir, 'state'), '--uri', 'pkcs11:token=release', '--allow-network'], hsm.env, unpacked);
    try {
      const get = async (path: string) => {
        const r = await fetch(new URL(path, served.url));
        return { status: r.status, csp: r.headers.get('content-security-policy') ?? '', body: new Uint8Array(await r.arrayBuffer()) };
      };
      const page = await get('/');
      expect(page.status).toBe(200);
      expect(page.csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(new TextDecoder().decode(page.body)).toContain('<script type="module" src="/app.js">');
      for (const name of PAGE_FILE_NAMES.filter((n) => n !== 'index.html')) {
        const file = await get(`/${name}`);
        expect(file.status, name).toBe(200);
        expect(Buffer.compare(file.body, readFileSync(join(unpacked, 'assets/signer-page', name))), name).toBe(0);
      }
      for (const wasm of ['zxing_reader.wasm', 'raptorq_bg.wasm']) {
        const file = await get(`/assets/${wasm}`);
        expect(Buffer.compare(file.body, readFileSync(join(unpacked, 'assets', wasm))), wasm).toBe(0);
      }
    } finally {
      expect(await served.stop()).toBe(0);
    }
  });
});
