/**
 * online/pipeline/driver.ts: One slow artifact does not hold the others (hardening finding 3): while the engine is still
 * preparing a slow upload, another submitter's upload is taken in under the pipeline's lock and
 * prepared. The slow one is the real engine held at a gate until the small one is prepared, so
 * "in progress" is a fact of the test, not a matter of timing; before engine work was done outside
 * the lock, taking the second upload in waited for the first and this test timed out.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realParts } from '../../../online/cli/parts.ts';
import { acceptIncoming, copyIntoIncoming, runUntilIdle } from '../../../online/pipeline/index.ts';
import type { ArtifactEngine } from '../../../online/pipeline/index.ts';
import { certificateFromFile } from '../../../online/pins/index.ts';
import { openWorkspace, workspaceContext } from '../../../online/session/index.ts';
import { savePin } from '../../../online/store/index.ts';
import type { Spool } from '../../../online/store/index.ts';
import { makeApk } from '../helpers/apks.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe('engine work outside the pipeline lock', () => {
  it('takes in and prepares another submitter\'s upload while a slow one is being prepared', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'airsign-slow-'));
    const key = await makeSigningKey(dir);
    await makeApk(join(dir, 'slow.apk'), { packageName: 'org.example.slow', versionCode: 1, minSdk: 26, padBytes: 4 * 1024 * 1024 });
    await makeApk(join(dir, 'small.apk'), { packageName: 'org.example.small', versionCode: 1, minSdk: 26 });
    const parts = await realParts();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const slowStarted = new Promise<void>((resolve) => (entered = resolve));
    const engine: ArtifactEngine = {
      ...parts.engines.apk,
      async prepare(file, fileName, pin, schemes) {
        if (fileName === 'slow.apk') {
          entered();
          await gate;
        }
        return parts.engines.apk.prepare(file, fileName, pin, schemes);
      },
    };
    const spool: Spool = await openWorkspace(join(dir, 'work'), true);
    try {
      const pin = certificateFromFile(new Uint8Array(await readFile(key.certPath)), parts.codec.readMessageFile);
      await savePin(spool.layout, pin);
      const ctx = workspaceContext(spool, { ...parts, engines: { ...parts.engines, apk: engine } }, () => {}, 100);
      const submit = async (name: string, submitter: string) => {
        const incoming = await copyIntoIncoming(spool, join(dir, name));
        return (await ctx.exclusive(() => acceptIncoming(spool, incoming, { fileName: name, key: pin.sha256, submitter: { name: submitter } }))).record.id;
      };
      const slow = await submit('slow.apk', 'alice');
      const running = runUntilIdle(ctx);
      await slowStarted;
      const small = await submit('small.apk', 'bob');
      await until(() => spool.artifact(small)?.state === 'prepared');
      expect(spool.artifact(slow)?.state).toBe('received');
      release();
      await running;
      // Both end in one request: the batch waited for the slow one to be prepared.
      expect([spool.artifact(slow)?.state, spool.artifact(small)?.state]).toEqual(['requested', 'requested']);
      expect(spool.artifact(slow)?.session).toBe(spool.artifact(small)?.session);
    } finally {
      release();
      await spool.close();
    }
  }, 120_000);
});
