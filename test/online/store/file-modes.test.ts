/**
 * online/store/atomic.ts (modes): The spool is private: under the usual umask 022, `airsign request` and `airsign receive` leave
 * every directory 0700 and every file 0600 (the artifact, the signed APK, the request, the event
 * log, the records), so another user of the build machine reads nothing. A spool made before is
 * closed to others when it is next opened.
 */
import { spawnSync } from 'node:child_process';
import { chmod, lstat, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Spool } from '../../../online/store/index.ts';
import { makeApk } from '../helpers/apks.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import { signRequest } from '../helpers/software-signer.ts';

const root = resolve(import.meta.dirname, '../../..');

/** The online program under umask 022, as a login shell usually has it. */
function airsign(...args: string[]) {
  const r = spawnSync('sh', ['-c', 'umask 022 && exec "$@"', 'sh', process.execPath, join(root, 'online/cli/airsign.js'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, last: r.stdout.trim().split('\n').at(-1) ?? '' };
}

/** Every path under `dir` (itself included) whose mode is not private, with its mode. */
async function notPrivate(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string) => {
    const s = await lstat(path);
    const mode = s.mode & 0o777;
    if (s.isDirectory()) {
      if (mode !== 0o700) out.push(`${relative(dir, path) || '.'}/ ${mode.toString(8)}`);
      for (const name of await readdir(path)) await walk(join(path, name));
    } else if (mode !== 0o600) {
      out.push(`${relative(dir, path)} ${mode.toString(8)}`);
    }
  };
  await walk(dir);
  return out;
}

describe('file modes of the spool', () => {
  it('request and receive leave only private directories and files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airsign-modes-'));
    const key = await makeSigningKey(dir);
    const apk = join(dir, 'app.apk');
    await makeApk(apk, { packageName: 'org.example.modes', versionCode: 1, minSdk: 26 });
    const work = join(dir, 'work');
    const requested = airsign('request', apk, '--cert', key.certPath, '--session', work);
    expect(requested.code, requested.stderr).toBe(0);
    await writeFile(join(dir, 'response.msg'), signRequest(await readFile(requested.last), key));
    const received = airsign('receive', work, '--in', join(dir, 'response.msg'));
    expect(received.code, received.stderr).toBe(0);
    // What is checked is there: the input, the signed file, the request, the log.
    expect((await readdir(join(work, 'out')))).toEqual(['app.apk']);
    expect((await readFile(join(work, 'events.log'), 'utf8')).length).toBeGreaterThan(0);
    expect(await notPrivate(work)).toEqual([]);
  }, 120_000);

  it('closes an older spool to others when it opens', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'airsign-modes-old-')), 'spool');
    const spool = await Spool.open(dir, { create: { pickupDir: 'pickup', pickupLayout: 'by-id' } });
    await spool.close();
    await chmod(dir, 0o755);
    const again = await Spool.open(dir);
    await again.close();
    expect((await lstat(dir)).mode & 0o777).toBe(0o700);
  });
});
