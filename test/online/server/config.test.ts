/** The server config: paths relative to the file, fingerprints normalised, bad files refused with the failing field. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, packageAllowed } from '../../../online/server/index.ts';

async function configWith(body: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'airsign-config-'));
  for (const f of ['cert.pem', 'key.pem', 'ca.pem']) await writeFile(join(dir, f), 'x');
  const path = join(dir, 'server.json');
  await writeFile(path, JSON.stringify(body));
  return path;
}

const base = {
  listen: { port: 8443 },
  tls: { cert: 'cert.pem', key: 'key.pem', clientCa: 'ca.pem' },
  state: 'state',
  submitters: [{ name: 'ci', fingerprint: 'AB:'.repeat(31) + 'AB', packages: ['org.example.*'], keys: ['CD'.repeat(32)] }],
};

describe('server config', () => {
  it('reads a config, with defaults, paths beside the file and fingerprints in lower-case hex', async () => {
    const path = await configWith(base);
    const config = await loadConfig(path);
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8443 });
    expect(config.state).toBe(join(path, '..', 'state'));
    expect(config.submitters[0]!.fingerprint).toBe('ab'.repeat(32));
    expect(config.submitters[0]!.keys).toEqual(['cd'.repeat(32)]);
    expect(config.batch.maxItems).toBe(1000);
  });

  it('refuses a submitter with neither fingerprint nor subject, naming where', async () => {
    const path = await configWith({ ...base, submitters: [{ name: 'ci' }] });
    await expect(loadConfig(path)).rejects.toMatchObject({ code: 'BAD_CONFIG', message: expect.stringContaining('submitters.0') as unknown });
  });

  it('refuses unknown fields and unreadable TLS files', async () => {
    await expect(loadConfig(await configWith({ ...base, extra: 1 }))).rejects.toMatchObject({ code: 'BAD_CONFIG' });
    await expect(loadConfig(await configWith({ ...base, tls: { ...base.tls, cert: 'missing.pem' } }))).rejects.toMatchObject({ code: 'BAD_CONFIG' });
  });

  it('matches package patterns exactly or by prefix', () => {
    expect(packageAllowed(['org.example.*'], 'org.example.app')).toBe(true);
    expect(packageAllowed(['org.example.*'], 'org.examplex.app')).toBe(false);
    expect(packageAllowed(['org.example.app'], 'org.example.app2')).toBe(false);
    expect(packageAllowed(['entry.jar'], 'entry.jar')).toBe(true);
    expect(packageAllowed(['*'], 'anything')).toBe(true);
    expect(packageAllowed([], 'org.example.app')).toBe(false);
  });
});
