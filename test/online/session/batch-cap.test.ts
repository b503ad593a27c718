/**
 * How many items one request carries in a session directory: by default no more than the signer's
 * default policy accepts (more APKs than that once made one request, and the signer refused them all),
 * `--max-items` lowers it, and more artifacts than the cap make several requests. The cap is
 * recorded, and the next rounds that `receive` batches obey it too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../offline/policy/index.ts';
import { DEFAULT_ITEMS_PER_REQUEST } from '../../../protocol/batch-size.ts';
import { realParts } from '../../../online/cli/parts.ts';
import { receiveResponse, requestSigning } from '../../../online/session/index.ts';
import { makeApk } from '../helpers/apks.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import type { SigningKeyFiles } from '../helpers/signing-key.ts';
import { readRequest, signRequest } from '../helpers/software-signer.ts';

const root = resolve(import.meta.dirname, '../../..');
let dir: string;
let key: SigningKeyFiles;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airsign-batch-cap-'));
  key = await makeSigningKey(dir);
});

async function apks(prefix: string, count: number, minSdk: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = join(dir, `${prefix}-${i}.apk`);
    await makeApk(file, { packageName: `org.example.${prefix}${i}`, versionCode: 1, minSdk });
    files.push(file);
  }
  return files;
}

async function itemCounts(requests: readonly string[]): Promise<number[]> {
  return Promise.all(requests.map(async (r) => readRequest(new Uint8Array(await readFile(r))).items.length));
}

describe('items per request in a session directory', () => {
  it('batches no more than the signer\'s default policy accepts, and splits the rest into more requests', async () => {
    // The defaults agree (a 1000-item request by default is tested in thousand.test.ts).
    const signerDefault = parsePolicy('{"version":1,"rules":[]}').maxItemsPerRequest;
    expect(DEFAULT_ITEMS_PER_REQUEST).toBe(signerDefault);
    const parts = await realParts();
    const result = await requestSigning({ dir: join(dir, 'many'), files: await apks('many', 21, 26), certFile: key.certPath, parts, maxItems: 20, log: () => {} });
    const counts = await itemCounts(result.requests);
    expect(counts).toEqual([20, 1]);
    // Every artifact is in exactly one request.
    const names = new Set<string>();
    for (const r of result.requests) for (const item of readRequest(new Uint8Array(await readFile(r))).items) names.add(item.name);
    expect(names.size).toBe(21);
  });

  it('takes --max-items on the command line and prints every request, one a line', async () => {
    const files = await apks('cli', 3, 26);
    const work = join(dir, 'cli-work');
    const run = (...extra: string[]) => spawnSync(process.execPath, [join(root, 'online/cli/airsign.js'), 'request', ...files, '--cert', key.certPath, '--session', work, ...extra], { cwd: root, encoding: 'utf8' });
    const refused = run('--max-items', '0');
    expect([refused.status, refused.stderr.trim()]).toEqual([2, expect.stringMatching(/USAGE.*--max-items/) as unknown]);
    const r = run('--max-items', '2');
    expect(r.status, r.stderr).toBe(0);
    const requests = r.stdout.trim().split('\n').filter((l) => l.endsWith('request.msg'));
    expect(await itemCounts(requests)).toEqual([2, 1]);
    expect(JSON.parse(await readFile(join(work, 'batch.json'), 'utf8'))).toEqual({ maxItems: 2 });
  });

  it('caps the next round\'s requests that receive writes', async () => {
    const parts = await realParts();
    const work = join(dir, 'rounds');
    // minSdk 21: v1 first, then v2+v3 in a second round, batched when the response is taken in.
    const first = await requestSigning({ dir: work, files: await apks('rounds', 3, 21), certFile: key.certPath, maxItems: 3, parts, log: () => {} });
    expect(await itemCounts(first.requests)).toEqual([3]);
    const response = signRequest(new Uint8Array(await readFile(first.requests[0]!)), key);
    await writeFile(join(dir, 'rounds-response.msg'), response);
    const received = await receiveResponse(work, response, parts, () => {}, 2);
    expect(await itemCounts(received.nextRequests)).toEqual([2, 1]);
    expect(JSON.parse(await readFile(join(work, 'batch.json'), 'utf8'))).toEqual({ maxItems: 2 });
  });
});
