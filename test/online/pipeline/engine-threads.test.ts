/**
 * online/pipeline/engine/worker-pool.ts: The engine threads: a call runs on a thread and comes back with its value, or with the engine's
 * error code (and an I/O failure still counts as the system's, not the artifact's); and a whole
 * session of APKs of one and two rounds and an index JAR, every file on the threads, ends signed.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { realParts } from '../../../online/cli/parts.ts';
import { threadedEngines } from '../../../online/pipeline/engine/apk-engine.ts';
import { aptReleaseEngine } from '../../../online/apt/index.ts';
import { EnginePool } from '../../../online/pipeline/engine/worker-pool.ts';
import { isSystemError } from '../../../online/pipeline/context.ts';
import { certificateFromFile } from '../../../online/pins/index.ts';
import { receiveResponse, requestSigning } from '../../../online/session/index.ts';
import { apksignerVerify } from '../../support/tools.ts';
import { makeApk, makeIndexJar } from '../helpers/apks.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import { signRequest } from '../helpers/software-signer.ts';
import { openPgpEngine } from '../../../online/openpgp/index.ts';

const pool = new EnginePool(2);
afterAll(() => pool.close());

describe('engine threads', () => {
  it('prepare on a thread: the value, or the engine\'s typed error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airsign-threads-'));
    const key = await makeSigningKey(dir);
    const pin = certificateFromFile(new Uint8Array(await readFile(key.certPath)), () => {
      throw new Error('not a message');
    });
    await makeApk(join(dir, 'a.apk'), { packageName: 'org.example.a', versionCode: 3, minSdk: 26 });
    const prepared = (await pool.run({ op: 'prepare', kind: 'apk', args: [join(dir, 'a.apk'), 'a.apk', pin, undefined] })) as { facts: { name: string }; item: { sha256: Uint8Array } };
    expect(prepared.facts.name).toBe('org.example.a');
    expect(prepared.item.sha256).toBeInstanceOf(Uint8Array);
    await writeFile(join(dir, 'not.apk'), 'not a zip');
    const refused = await pool.run({ op: 'prepare', kind: 'apk', args: [join(dir, 'not.apk'), 'not.apk', pin, undefined] }).catch((e: unknown) => e);
    expect((refused as { code?: string }).code).toBe('NOT_A_ZIP');
    expect(isSystemError(refused)).toBe(false);
    const missing = await pool.run({ op: 'prepare', kind: 'apk', args: [join(dir, 'gone.apk'), 'gone.apk', pin, undefined] }).catch((e: unknown) => e);
    expect((missing as { code?: string }).code).toBe('IO');
  }, 120_000);

  it('sign a session with every file on the threads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airsign-threads-session-'));
    const key = await makeSigningKey(dir);
    const files = [join(dir, 'one.apk'), join(dir, 'two.apk'), join(dir, 'entry.jar')];
    await makeApk(files[0]!, { packageName: 'org.example.one', versionCode: 1, minSdk: 26 });
    await makeApk(files[1]!, { packageName: 'org.example.two', versionCode: 1, minSdk: 21 });
    await makeIndexJar(files[2]!, 'entry.jar', 1_700_000_000_000);
    const parts = { ...(await realParts()), engines: { ...threadedEngines(2, 0), openpgp: openPgpEngine(), 'apt-release': aptReleaseEngine() } };
    const work = join(dir, 'work');
    let requests = (await requestSigning({ dir: work, files, certFile: key.certPath, parts, log: () => {} })).requests;
    for (let round = 0; requests.length > 0; round++) {
      expect(round).toBeLessThan(2);
      const result = await receiveResponse(work, signRequest(new Uint8Array(await readFile(requests[0]!)), key, { auditSeq: round + 1 }), parts, () => {});
      requests = result.nextRequests;
      if (requests.length === 0) expect(result.artifacts.map((a) => a.state)).toEqual(expect.arrayContaining(['ready']));
    }
    for (const name of ['one.apk', 'two.apk']) expect(apksignerVerify(join(work, 'out', name)).ok, name).toBe(true);
  }, 300_000);
});
