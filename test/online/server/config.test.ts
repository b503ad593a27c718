/** The server config: paths relative to the file, fingerprints normalised, bad files refused with the failing field. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { artifactAllowed, loadConfig } from '../../../online/server/index.ts';

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

  it('reads the limits with their defaults, a submitter\'s own limits, and refuses nonsense', async () => {
    const config = await loadConfig(await configWith({ ...base, limits: { uploadsPerSubmitter: 2 }, submitters: [{ ...base.submitters[0], limits: { uploads: 9 } }] }));
    expect(config.limits).toEqual({
      maxConnections: 1024, connectionsPerSubmitter: 32, uploadsPerSubmitter: 2, uploadBytesPerHour: 8 * 1024 ** 3,
      handshakeSeconds: 10, headersSeconds: 30, idleSeconds: 5, minUploadBytesPerSecond: 4096, uploadRateWindowSeconds: 60,
    });
    expect(config.submitters[0]!.limits).toEqual({ uploads: 9 });
    expect((await loadConfig(await configWith(base))).limits.uploadsPerSubmitter).toBe(4);
    for (const limits of [{ uploadsPerSubmitter: 0 }, { headersSeconds: -1 }, { unknown: 1 }]) {
      await expect(loadConfig(await configWith({ ...base, limits }))).rejects.toMatchObject({ code: 'BAD_CONFIG', message: expect.stringContaining('limits') as unknown });
    }
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
    const apks = (packages: string[]) => ({ packages, jars: [] });
    expect(artifactAllowed(apks(['org.example.*']), 'apk', 'org.example.app')).toBe(true);
    expect(artifactAllowed(apks(['org.example.*']), 'apk', 'org.examplex.app')).toBe(false);
    expect(artifactAllowed(apks(['org.example.app']), 'apk', 'org.example.app2')).toBe(false);
    expect(artifactAllowed({ packages: [], jars: ['entry.jar'] }, 'jar', 'entry.jar')).toBe(true);
    expect(artifactAllowed(apks(['*']), 'apk', 'anything')).toBe(true);
    expect(artifactAllowed(apks([]), 'apk', 'org.example.app')).toBe(false);
  });

  it('allows names per kind: a JAR name never lets an APK through, nor a package pattern a JAR', () => {
    expect(artifactAllowed({ packages: [], jars: ['entry.jar'] }, 'apk', 'entry.jar')).toBe(false);
    expect(artifactAllowed({ packages: ['org.example.*'], jars: [] }, 'jar', 'org.example.evil.jar')).toBe(false);
    expect(artifactAllowed({ packages: ['*'], jars: [] }, 'jar', 'entry.jar')).toBe(false);
    expect(artifactAllowed({ packages: [], jars: ['*'] }, 'apk', 'org.example.app')).toBe(false);
  });

  it('refuses a JAR name among the APK packages (configs of before "jars" existed), naming where', async () => {
    const path = await configWith({ ...base, submitters: [{ ...base.submitters[0], packages: ['entry.jar'] }] });
    await expect(loadConfig(path)).rejects.toMatchObject({ code: 'BAD_CONFIG', message: expect.stringContaining('jars') as unknown });
    const jars = await loadConfig(await configWith({ ...base, submitters: [{ ...base.submitters[0], packages: [], jars: ['entry.jar', 'index-v1.jar'] }] }));
    expect(jars.submitters[0]).toMatchObject({ packages: [], jars: ['entry.jar', 'index-v1.jar'] });
  });
});
