/**
 * A version code no APK can have cannot poison the rollback floor: a request claiming 2^53 - 1 (or
 * anything above LIMITS.maxVersionCode) is refused whole as SCHEMA before review, nothing is signed
 * or recorded, and the package's next real version still signs. (Before, 2^53 - 1 was signed and
 * became a floor nothing could pass, where x + 1 === x.)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCanonical } from '../../../protocol/encoding/index.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import { encodeTransfer } from '../../../protocol/transfer/index.ts';
import { makeRequest } from '../support/requests.ts';
import { freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

let hsm: SoftHsm;
let keys: MadeKey[];

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('floor');
  keys = makeKeys(hsm, 'floor', [{ label: 'k', keyType: { kind: 'ec', curve: 'p256' } }]);
}, 120_000);

afterAll(() => hsm.remove());

describe('the rollback floor', () => {
  it('is not raised by a claimed version code beyond what Android apps take', () => {
    const dir = mkdtempSync(join(hsm.dir, 'floor-'));
    const state = join(dir, 'state');
    const policy = join(dir, 'policy.json');
    writeFileSync(policy, JSON.stringify({ version: 1, unattended: true, rules: [{ keys: ['*'], packages: ['org.example.*'], artifacts: ['apk'] }] }));
    const common = ['--policy', policy, '--state', state, '--uri', 'pkcs11:token=floor', '--pin-file', hsm.pinFile, '--yes', '--allow-network'];
    const claim = (versionCode: number) => {
      const request = makeRequest(keys, [{ key: 0, name: 'org.example.app', versionCode: 1 }]);
      return encodeTransfer(encodeCanonical({ ...request, items: [{ ...request.items[0]!, versionCode }] }));
    };
    const inputs = { huge: claim(2 ** 53 - 1), over: claim(LIMITS.maxVersionCode + 1), next: messageToTransfer(makeRequest(keys, [{ key: 0, name: 'org.example.app', versionCode: 2 }])) };
    const runs = Object.entries(inputs).map(([name, bytes]) => {
      writeFileSync(join(dir, `${name}.msg`), bytes);
      return ['sign', '--in', join(dir, `${name}.msg`), '--out', join(dir, `${name}.answer`), ...common];
    });
    writeFileSync(join(dir, 'runs.json'), JSON.stringify(runs));
    const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', resolve(import.meta.dirname, '../support/rss-run.ts'), join(dir, 'runs.json')], { encoding: 'utf8', env: hsm.env, maxBuffer: 64 << 20 });
    expect((JSON.parse(r.stdout.trim().split('\n').pop()!) as { statuses: number[] }).statuses).toEqual([1, 1, 0]);
    for (const name of ['huge', 'over']) expect(transferToMessage(readFileSync(join(dir, `${name}.answer`)))).toMatchObject({ kind: 'error', code: 'SCHEMA' });
    const next = transferToMessage(readFileSync(join(dir, 'next.answer')));
    expect(next.kind === 'response' && next.results.map((x) => x.status)).toEqual(['signed']);
    expect(readFileSync(join(state, 'policy-state.json'), 'utf8')).toContain('"highest":2');
  }, 180_000);
});
