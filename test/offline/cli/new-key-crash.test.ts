/**
 * kill -9 of the real `airsign-signer sign` after it made a key for an item (crash point
 * `key-made`: the key and certificate are in the token, the journal says only that it was making
 * it) and after the item was signed with it (`journaled`): the rerun finds the key it made, says
 * so, signs with it, and the token holds one key under the alias, the one whose certificate the
 * answer carries; the audit log has one keygen record for it and verifies.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import { SigningRequest, messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningResponse } from '../../../protocol/messages/index.ts';
import { sha256Bytes } from '../../../offline/digest.ts';
import { findObjects } from '../../../offline/pkcs11/objects.ts';
import { TokenConnection } from '../../../offline/pkcs11/token.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import { SIGNER_BIN, signerCli } from '../support/cli.ts';
import { makeItem, makeRequest } from '../support/requests.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

let hsm: SoftHsm;
let keys: MadeKey[];
let policy: string;
let n = 0;

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('crashkeys');
  keys = makeKeys(hsm, 'crashkeys', [{ label: 'app', keyType: { kind: 'ec', curve: 'p256' } }]);
  policy = join(hsm.dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ version: 1, unattended: true, rules: [{ keys: ['*'], packages: ['org.example.*'], artifacts: ['apk'], createKeys: ['ec:p256'] }] }));
}, 120_000);

afterAll(() => hsm.remove());

function sign(input: string, out: string, state: string, crashAt?: string): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  const args = ['sign', '--in', input, '--out', out, '--policy', policy, '--uri', 'pkcs11:token=crashkeys', '--state', state, '--yes', '--pin-file', hsm.pinFile, '--allow-network'];
  const env = { ...hsm.env, ...(crashAt === undefined ? {} : { AIRSIGN_TEST_CRASH_AT: crashAt }) };
  const child = spawn(process.execPath, [SIGNER_BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const hang = setTimeout(() => child.kill('SIGKILL'), 240_000);
  return new Promise((resolve) => child.on('close', (status, signal) => (clearTimeout(hang), resolve({ status, signal, stderr }))));
}

/** The objects labelled `alias` on the token, by class, and the fingerprint of its certificate(s). */
function onToken(alias: string): { objects: string[]; certificates: string[] } {
  const t = TokenConnection.open({ uri: parsePkcs11Uri('pkcs11:token=crashkeys') });
  try {
    t.login(Buffer.from(USER_PIN));
    const objects = (['certificate', 'public', 'private'] as const).flatMap((cls) => findObjects(t.session, cls, { object: alias }).map(() => cls));
    const certificates = t.keys().filter((k) => k.label === alias && k.fingerprint !== undefined).map((k) => toHex(k.fingerprint!));
    return { objects, certificates };
  } finally {
    t.close();
  }
}

describe('sign, killed inside the ceremony of a key for an item', () => {
  it('killed at key-pair-made:1: the rerun destroys the half-made pair and makes the key once', async () => {
    const alias = `half${n}`;
    const state = join(hsm.dir, `state-${n}`);
    const base = makeRequest(keys, [{ key: 0, name: `org.example.old${n}` }]);
    const item = { ...makeItem([{ fingerprint: new Uint8Array(32), keyType: { kind: 'ec', curve: 'p256' } }], { key: 0, name: `org.example.half${n}` }), key: 1 };
    const request = SigningRequest.parse({ ...base, newKeys: [{ alias, keyType: 'ec:p256', package: `org.example.half${n}` }], items: [item, ...base.items] });
    const input = join(hsm.dir, `request-${n}.msg`);
    const out = join(hsm.dir, `response-${n++}.msg`);
    writeFileSync(input, messageToTransfer(request));
    const killed = await sign(input, out, state, 'key-pair-made:1');
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(onToken(alias).objects.sort()).toEqual(['private', 'public']);
    const rerun = await sign(input, out, state);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(rerun.stderr).toContain(`a crash inside the ceremony left a key pair "${alias}" without its certificate; it was destroyed and the key is made again`);
    const response = transferToMessage(new Uint8Array(readFileSync(out))) as SigningResponse;
    const first = response.results[0]!;
    if (first.status !== 'signed' || first.certificate === undefined) throw new Error('no certificate in the answer');
    const after = onToken(alias);
    expect(after.objects.sort()).toEqual(['certificate', 'private', 'public']);
    expect(after.certificates).toEqual([toHex(sha256Bytes(first.certificate))]);
    const verify = signerCli(['audit', 'verify', '--state', state, '--uri', 'pkcs11:token=crashkeys'], hsm.env);
    expect(verify.status, verify.stderr + verify.stdout).toBe(0);
  }, 600_000);
});

describe('sign, killed after making a key for an item', () => {
  it.each(['key-made:1', 'journaled:1', 'journaled:2'])(
    'killed at %s: the rerun uses the key it made; one key under the alias',
    async (point) => {
      const alias = `crash${n}`;
      const state = join(hsm.dir, `state-${n}`);
      const base = makeRequest(keys, [{ key: 0, name: `org.example.old${n}` }]);
      const item = { ...makeItem([{ fingerprint: new Uint8Array(32), keyType: { kind: 'ec', curve: 'p256' } }], { key: 0, name: `org.example.new${n}` }), key: 1 };
      // The item with the new key comes first, so `journaled:2` falls after it and before the other.
      const request = SigningRequest.parse({ ...base, newKeys: [{ alias, keyType: 'ec:p256', package: `org.example.new${n}` }], items: [item, ...base.items] });
      const input = join(hsm.dir, `request-${n}.msg`);
      const out = join(hsm.dir, `response-${n++}.msg`);
      writeFileSync(input, messageToTransfer(request));

      const killed = await sign(input, out, state, point);
      expect(killed.signal, killed.stderr).toBe('SIGKILL');
      expect(existsSync(out)).toBe(false);
      const made = onToken(alias);
      expect(made.objects.sort()).toEqual(['certificate', 'private', 'public']);

      const rerun = await sign(input, out, state);
      expect(rerun.status, rerun.stderr).toBe(0);
      expect(rerun.stderr).toContain(`the key "${alias}" was made before a crash; it is used, no second key is made`);
      const response = transferToMessage(new Uint8Array(readFileSync(out))) as SigningResponse;
      expect(response.results.map((r) => r.status)).toEqual(['signed', 'signed']);
      const first = response.results[0]!;
      if (first.status !== 'signed' || first.certificate === undefined) throw new Error('no certificate in the answer');
      const after = onToken(alias);
      expect(after.objects.sort()).toEqual(['certificate', 'private', 'public']);
      expect(after.certificates).toEqual(made.certificates);
      expect(after.certificates).toEqual([toHex(sha256Bytes(first.certificate))]);

      const records = readFileSync(join(state, 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(records.filter((r) => r.event === 'keygen').map((r) => r.key)).toEqual(made.certificates);
      // Each scheme of the made key's item is logged once, across both runs.
      expect(records.filter((r) => r.event === 'signed' && r.item === 0).map((r) => r.scheme)).toEqual(['v2', 'v3']);
      const verify = signerCli(['audit', 'verify', '--state', state, '--uri', 'pkcs11:token=crashkeys'], hsm.env);
      expect(verify.status, verify.stderr + verify.stdout).toBe(0);
    },
    600_000,
  );
});
