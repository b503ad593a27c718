/**
 * Files the signer reads and writes that are nobody else's: a PIN file other users can read is
 * refused (or, with --allow-readable-pin-file, warned about), and the state directory and its
 * files are private whatever the umask, a state directory found open to others included.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningResponse } from '../../../protocol/messages/index.ts';
import { SIGNER_BIN, signerCli } from '../support/cli.ts';
import { makeRequest } from '../support/requests.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';
import { verifyResponse } from '../support/verify-response.ts';

let hsm: SoftHsm;
let keys: MadeKey[];
let policy: string;
let n = 0;

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('private');
  keys = makeKeys(hsm, 'private', [{ label: 'app', keyType: { kind: 'ec', curve: 'p256' } }]);
  const initial = join(hsm.dir, 'policy-init.json');
  const init = signerCli(['policy', 'init', '--out', initial, '--uri', 'pkcs11:token=private', '--kind', 'apk'], hsm.env);
  expect(init.status, init.stderr).toBe(0);
  policy = join(hsm.dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ ...JSON.parse(readFileSync(initial, 'utf8')), unattended: true }));
}, 120_000);

afterAll(() => hsm.remove());

function signArgs(state: string, pinFile: string, extra: string[] = []): { args: string[]; out: string; request: ReturnType<typeof makeRequest> } {
  const request = makeRequest(keys, [{ key: 0, name: `org.example.private${n}` }]);
  const input = join(hsm.dir, `request-${n}.msg`);
  writeFileSync(input, messageToTransfer(request));
  const out = join(hsm.dir, `response-${n++}.msg`);
  return { request, out, args: ['sign', '--in', input, '--out', out, '--policy', policy, '--uri', 'pkcs11:token=private', '--state', state, '--yes', '--pin-file', pinFile, '--allow-network', ...extra] };
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('private files', () => {
  it('refuses a PIN file others can read, signing nothing and writing nothing', () => {
    const pinFile = join(hsm.dir, 'readable-pin');
    writeFileSync(pinFile, `${USER_PIN}\n`);
    chmodSync(pinFile, 0o644);
    const state = join(hsm.dir, 'state-readable');
    const { args, out } = signArgs(state, pinFile);
    const r = signerCli(args, hsm.env);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^airsign-signer: PIN_FILE_READABLE: the PIN file .* is readable by every user \(mode 0644\)/m);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(state, 'audit.log')) ? readFileSync(join(state, 'audit.log'), 'utf8') : '').toBe('');
    chmodSync(pinFile, 0o640);
    expect(signerCli(signArgs(state, pinFile).args, hsm.env).stderr).toContain('PIN_FILE_READABLE: the PIN file');
  });

  it('signs with a readable PIN file only when told to, and warns', () => {
    const pinFile = join(hsm.dir, 'readable-pin-2');
    writeFileSync(pinFile, `${USER_PIN}\n`);
    chmodSync(pinFile, 0o644);
    const { args, out, request } = signArgs(join(hsm.dir, 'state-allowed'), pinFile, ['--allow-readable-pin-file']);
    const r = signerCli(args, hsm.env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: the PIN file');
    expect(verifyResponse(request, transferToMessage(readFileSync(out)) as SigningResponse, keys)).toBe(2);
  });

  it('makes the state directory and its files private whatever the umask, and closes one found open', () => {
    const fresh = join(hsm.dir, 'state-umask', 'nested');
    const open = join(hsm.dir, 'state-open');
    mkdirSync(open, { mode: 0o755 });
    chmodSync(open, 0o755);
    for (const state of [fresh, open]) {
      const { args } = signArgs(state, hsm.pinFile);
      const r = spawnSync('sh', ['-c', 'umask 000 && exec "$@"', 'sh', process.execPath, SIGNER_BIN, ...args], { encoding: 'utf8', env: hsm.env });
      expect(r.status, r.stderr).toBe(0);
      expect(modeOf(state).toString(8)).toBe('700');
      const entries = readdirSync(state, { recursive: true, encoding: 'utf8' });
      expect(entries).toEqual(expect.arrayContaining(['audit.log', 'audit.log.anchor', 'policy-state.json', 'answers']));
      for (const f of entries) {
        const path = join(state, f);
        expect(`${f} ${modeOf(path).toString(8)}`).toBe(`${f} ${statSync(path).isDirectory() ? '700' : '600'}`);
      }
    }
  });
});
