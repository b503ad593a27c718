/**
 * A request stays within the message limit however large its items: below minSdk 19 a v1 round
 * carries the APK's whole .SF, so five APKs of 12,000 entries (about 0.9 MB of .SF each) do not fit
 * one 4 MiB request and are split; an APK whose .SF the signer would refuse (over 1 MiB) is refused
 * when it is prepared, before anything is sent.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../../protocol/limits.ts';
import { signatureFileBytes } from '../../../protocol/kinds/index.ts';
import { prepareArtifact } from '../../../online/apk/index.ts';
import { realParts } from '../../../online/cli/parts.ts';
import { requestSigning } from '../../../online/session/index.ts';
import { makeApk } from '../helpers/apks.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import type { SigningKeyFiles } from '../helpers/signing-key.ts';
import { readRequest } from '../helpers/software-signer.ts';

let dir: string;
let key: SigningKeyFiles;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airsign-batch-bytes-'));
  key = await makeSigningKey(dir);
});

describe('request size with whole .SF files', () => {
  it('splits APKs whose .SF files together pass the message limit into more requests', { timeout: 600_000 }, async () => {
    const files: string[] = [];
    for (let i = 0; i < 5; i++) {
      const file = join(dir, `big-${i}.apk`);
      await makeApk(file, { packageName: `org.example.big${i}`, versionCode: 1, minSdk: 16, extraEntries: 12_000 });
      files.push(file);
    }
    const result = await requestSigning({ dir: join(dir, 'work'), files, certFile: key.certPath, parts: await realParts(), log: () => {} });
    const requests = await Promise.all(result.requests.map(async (r) => readRequest(new Uint8Array(await readFile(r)))));
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.reduce((n, r) => n + r.items.length, 0)).toBe(5);
    for (const r of requests) {
      const sf = r.items.reduce((n, item) => n + (item.artifact === 'apk' && item.v1Sf !== undefined ? signatureFileBytes(item.v1Sf).length : 0), 0);
      expect(sf).toBeGreaterThan(800_000);
      expect(sf).toBeLessThan(LIMITS.maxMessageBytes);
    }
  });

  it("refuses at prepare an APK whose .SF the signer would refuse as too large", { timeout: 600_000 }, async () => {
    const file = join(dir, 'huge.apk');
    await makeApk(file, { packageName: 'org.example.huge', versionCode: 1, minSdk: 16, extraEntries: 15_000 });
    await expect(prepareArtifact(file, { certificateDer: key.certDer })).rejects.toMatchObject({ code: 'INVALID_ITEM', message: expect.stringContaining('SF_TOO_LARGE') as unknown });
  });
});
