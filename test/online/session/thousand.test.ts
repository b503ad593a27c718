/**
 * 1000 APKs in one session: `request` with the default cap makes one request of 1000 items (the
 * protocol's cap, and the signer policy's default), the signer answers it in one response, and
 * `receive` builds every signed APK, each verified by our verifier and by apksig (the helper JVM,
 * or apksigner per file) on the engine threads. Small generated APKs keep it within the suite's time.
 */
import { readdir, readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../offline/policy/index.ts';
import { realParts } from '../../../online/cli/parts.ts';
import { receiveResponse, requestSigning } from '../../../online/session/index.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { apksignerVerify } from '../../support/tools.ts';
import { makeApk } from '../helpers/apks.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import { readRequest, signRequest } from '../helpers/software-signer.ts';

const COUNT = 1000;

describe('1000 APKs in one session', () => {
  it('are requested in one request of 1000 items, signed in one response, and all assembled', async () => {
    expect(COUNT).toBe(LIMITS.maxItems);
    expect(parsePolicy('{"version":1,"rules":[]}').maxItemsPerRequest).toBe(COUNT);
    const dir = await mkdtemp(join(tmpdir(), 'airsign-thousand-'));
    const key = await makeSigningKey(dir);
    const files: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const file = join(dir, `app${i}.apk`);
      await makeApk(file, { packageName: `org.example.thousand.app${i}`, versionCode: 1 + i, minSdk: 26 });
      files.push(file);
    }
    const parts = await realParts();
    const work = join(dir, 'work');
    const requested = await requestSigning({ dir: work, files, certFile: key.certPath, parts, log: () => {} });
    expect(requested.requests).toHaveLength(1);
    const request = new Uint8Array(await readFile(requested.requests[0]!));
    expect(readRequest(request).items).toHaveLength(COUNT);

    const received = await receiveResponse(work, signRequest(request, key), parts, () => {});
    expect(received.nextRequests).toEqual([]);
    const states = new Map<string, number>();
    for (const a of received.artifacts) states.set(a.state, (states.get(a.state) ?? 0) + 1);
    expect(Object.fromEntries(states)).toEqual({ ready: COUNT });
    const out = await readdir(join(work, 'out'));
    expect(out).toHaveLength(COUNT);
    // The pipeline had every file verified already; a few again by apksigner itself, as a spot check.
    for (const name of ['app0.apk', 'app499.apk', 'app999.apk']) expect(apksignerVerify(join(work, 'out', name)).ok, name).toBe(true);
  }, 900_000);
});
