/**
 * kill -9 at random points: `airsign request` and `airsign receive` are killed again and again
 * through a batch of APKs (some needing two rounds, one refused by the signer) and restarted
 * until each run ends by itself. After every kill, nothing in out/ is anything but a whole,
 * verified file, and no artifact is in two sessions of one round. At the end every artifact is
 * signed exactly once (apksigner accepts it) or failed with the signer's reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeApk } from '../helpers/apks.ts';
import { runWithKills, seededRandom } from '../helpers/chaos.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import { readRequest, signRequest } from '../helpers/software-signer.ts';
import { pickupProblems, sessionProblems, snapshot } from '../helpers/spool-checks.ts';

const APPS = [
  { packageName: 'org.example.alpha', minSdk: 21 },
  { packageName: 'org.example.bravo', minSdk: 26 },
  { packageName: 'org.example.charlie', minSdk: 19 },
  { packageName: 'org.example.delta', minSdk: 28 },
  { packageName: 'org.example.echo', minSdk: 23 },
  { packageName: 'org.example.refused', minSdk: 26 },
];

describe('chaos: kill -9 through a batch', () => {
  it('ends with every artifact signed exactly once or failed with its reason', async () => {
    const seed = Number(process.env.AIRSIGN_CHAOS_SEED ?? Date.now() % 1_000_000);
    process.stdout.write(`chaos seed ${seed} (AIRSIGN_CHAOS_SEED=${seed} repeats this run)\n`);
    const random = seededRandom(seed);
    const dir = await mkdtemp(join(tmpdir(), 'airsign-chaos-'));
    const work = join(dir, 'work');
    const key = await makeSigningKey(dir);
    const files: string[] = [];
    for (const [i, app] of APPS.entries()) {
      const path = join(dir, `${app.packageName}.apk`);
      await makeApk(path, { ...app, versionCode: 100 + i, padBytes: 256 * 1024 });
      files.push(path);
    }
    let kills = 0;
    const check = async (settled: boolean) => {
      expect(await pickupProblems(work, 'out')).toEqual([]);
      expect(sessionProblems(await snapshot(work), settled)).toEqual([]);
    };
    const run = async (args: string[]) => {
      const done = await runWithKills(args, work, random, () => check(false), 12);
      kills += done.kills;
      await check(true);
      return done;
    };
    const lastLine = (text: string) => text.trim().split('\n').at(-1)!;

    // Round one: every APK; the signer refuses one of them.
    const requested = await run(['request', ...files, '--cert', key.certPath, '--session', work]);
    expect(requested.code, requested.stderr).toBe(0);
    const request1 = await readFile(lastLine(requested.stdout));
    const refusedIndex = readRequest(request1).items.findIndex((item) => item.name === 'org.example.refused');
    await writeFile(join(dir, 'response-1.msg'), signRequest(request1, key, { refuse: [refusedIndex], auditSeq: 1 }));
    const received1 = await run(['receive', work, '--in', join(dir, 'response-1.msg')]);
    expect(received1.code, received1.stderr).toBe(1); // one artifact failed: reported, and the exit says so
    expect(received1.stderr).toContain('ARTIFACTS_FAILED');

    // Round two: v2+v3 over the v1-signed files of the APKs with minSdk below 24.
    const request2Path = lastLine(received1.stdout);
    expect(request2Path).toMatch(/request\.msg$/);
    const request2 = await readFile(request2Path);
    expect(readRequest(request2).items.map((i) => i.name).sort()).toEqual(['org.example.alpha', 'org.example.charlie', 'org.example.echo']);
    await writeFile(join(dir, 'response-2.msg'), signRequest(request2, key, { auditSeq: 2 }));
    const received2 = await run(['receive', work, '--in', join(dir, 'response-2.msg')]);
    expect(received2.code, received2.stderr).toBe(0);

    process.stdout.write(`chaos: ${kills} kills\n`);
    const { artifacts, sessions } = await snapshot(work);
    expect(artifacts).toHaveLength(APPS.length);
    expect(sessions).toHaveLength(2);
    expect(sessions.map((s) => s.response?.audit.seq)).toEqual([1, 2]);
    for (const a of artifacts) {
      const name = a.facts?.name;
      if (name === 'org.example.refused') {
        expect(a).toMatchObject({ state: 'failed', failure: { code: 'REFUSED_OPERATOR_REFUSED' } });
        continue;
      }
      expect(a.state, `${a.fileName}: ${a.failure?.message ?? ''}`).toBe('ready');
      expect(a.history.filter((h) => h.state === 'ready')).toHaveLength(1);
      expect(a.sessions).toHaveLength(a.rounds!.length);
      const out = join(work, 'out', a.fileName);
      const verify = execFileSync('apksigner', ['verify', '-v', out], { encoding: 'utf8' });
      const minSdk = APPS.find((p) => p.packageName === name)!.minSdk;
      expect(verify).toContain(`Verified using v1 scheme (JAR signing): ${minSdk < 24 ? 'true' : 'false'}`);
      expect(verify).toContain('Verified using v3 scheme (APK Signature Scheme v3): true');
    }
    expect((await readdir(join(work, 'out'))).sort()).toEqual(artifacts.filter((a) => a.state === 'ready').map((a) => a.fileName).sort());
  });
});
