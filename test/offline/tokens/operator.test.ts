/**
 * What the operator meets with a real token besides signing: a URI matched without the NUL or
 * space padding some modules leave, TOKEN_NOT_FOUND that lists the tokens it saw, MODULE_LOAD_FAILED
 * naming the CKR code and what to check, `--module-args` for a module that needs C_Initialize
 * parameters, the PIN flags shown before the PIN, a wrong PIN asked again at a terminal but a PIN
 * file tried once, and `keys | head -1` ending quietly.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trimPadding } from '../../../offline/pkcs11/token-info.ts';
import { pinWarnings } from '../../../offline/operator/pin-login.ts';
import type { TokenInfo } from '../../../offline/pkcs11/token-info.ts';
import { SIGNER_BIN, signerCli } from '../support/cli.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';

let hsm: SoftHsm;
const NSS = '/usr/lib/x86_64-linux-gnu/libsoftokn3.so';

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('op');
  makeKeys(hsm, 'op', [
    { label: 'one', keyType: { kind: 'ec', curve: 'p256' } },
    { label: 'two', keyType: { kind: 'ec', curve: 'p256' } },
  ]);
}, 120_000);

afterAll(() => hsm.remove());

describe('tokens as the operator meets them', () => {
  it('trims NUL padding as well as spaces from token fields', () => {
    expect(trimPadding('SW   TPM\u0000\u0000\u0000\u0000')).toBe('SW   TPM');
    expect(trimPadding('release                         ')).toBe('release');
    expect(trimPadding('\u0000\u0000')).toBe('');
  });

  it('lists the tokens it saw when none matches the URI', () => {
    const r = signerCli(['keys', '--uri', 'pkcs11:token=nope'], hsm.env);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/TOKEN_NOT_FOUND: no initialized token matches the URI in \S+; it shows: slot \d+: token="op" model="SoftHSM v2" serial="[0-9a-f]+"; slot \d+: token="" model="SoftHSM v2" serial="" \(not initialized\)/);
  });

  it.runIf(existsSync(NSS))('names the CKR code and the --module-args a module needs, and opens it with them', () => {
    const bare = signerCli(['mechanisms', '--module', NSS], hsm.env);
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain(`MODULE_LOAD_FAILED: C_Initialize of ${NSS} failed: CKR_ARGUMENTS_BAD; NSS's softoken needs --module-args`);
    const args = `configdir='sql:${hsm.dir}' certPrefix='' keyPrefix='' secmod='secmod.db' flags=`;
    const opened = signerCli(['mechanisms', '--module', NSS, '--module-args', args, '--uri', 'pkcs11:token=NSS%20Generic%20Crypto%20Services'], hsm.env);
    expect(opened.status, opened.stderr).toBe(0);
    expect(opened.stdout).toContain('key types for airsign:');
  });

  it('says what the PIN flags mean before asking, and on a TPM that lockout covers the whole TPM', () => {
    const info: TokenInfo = { label: 't', manufacturer: '', model: '', serial: '', initialized: true, userPinInitialized: true, loginRequired: true, userPinCountLow: true, userPinFinalTry: false, userPinLocked: false, minPinLength: 4, maxPinLength: 8 };
    expect(pinWarnings(info, false)).toEqual(['warning: token "t" reports a wrong PIN since the last good one (CKF_USER_PIN_COUNT_LOW)']);
    expect(pinWarnings({ ...info, userPinFinalTry: true }, false)[0]).toContain('CKF_USER_PIN_FINAL_TRY');
    const tpm = pinWarnings({ ...info, userPinCountLow: false }, true);
    expect(tpm).toHaveLength(1);
    expect(tpm[0]).toContain('the whole TPM');
    expect(tpm[0]).toContain('tpm2_dictionarylockout --clear-lockout');
  });

  it('tries a PIN file once, never again by itself', () => {
    const r = signerCli(['keys', '--uri', 'pkcs11:token=op', '--pin-file', hsm.pinFileWith('0000')], hsm.env);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PIN_INCORRECT');
    expect(r.stderr).not.toContain('wrong PIN (');
    // SoftHSM2 counts it: the flag is shown before the next login.
    const next = signerCli(['keys', '--uri', 'pkcs11:token=op', '--pin-file', hsm.pinFile], hsm.env);
    expect(next.status, next.stderr).toBe(0);
  });

  it('asks again at a terminal after a wrong PIN, showing the token\'s flag, and logs in with the right one', async () => {
    const command = [process.execPath, SIGNER_BIN, 'keys', '--uri', 'pkcs11:token=op', '--login'].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { env: hsm.env });
    let screen = '';
    let asked = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
      const prompts = screen.split('User PIN for token "op":').length - 1;
      if (prompts > asked) {
        asked = prompts;
        child.stdin.write(asked === 1 ? '0000\r' : `${USER_PIN}\r`);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const status = await new Promise<number | null>((done) => child.on('close', done));
    clearTimeout(timer);
    expect(status, screen).toBe(0);
    expect(asked).toBe(2);
    expect(screen).toContain('wrong PIN (1 of 3 tries here)');
    expect(screen).toContain('CKF_USER_PIN_COUNT_LOW');
    expect(screen).toContain('token "op"');
    expect(screen).not.toContain(USER_PIN);
  }, 120_000);

  it('ends quietly when its reader goes away (keys | head -1)', () => {
    // `true` reads nothing and is gone before the signer writes its first line: every write meets EPIPE.
    for (const reader of ['head -1', 'true']) {
      const r = spawnSync('bash', ['-c', `set -o pipefail; '${process.execPath}' '${SIGNER_BIN}' keys --uri pkcs11:token=op | ${reader}`], { env: hsm.env, encoding: 'utf8' });
      if (reader === 'head -1') expect(r.stdout).toMatch(/^token "op"/);
      expect(r.stderr, reader).toBe('');
      expect(r.status, reader).toBe(0);
    }
  });
});
