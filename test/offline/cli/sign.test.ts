/**
 * `airsign-signer sign` end to end through the real program: request file in, response file out,
 * its path the last line of stdout; unattended runs only where the policy allows them; the
 * operator's "yes" and PIN on a real terminal (a pty from script(1)), the PIN never echoed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageDigest, messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { sha256Bytes } from '../../../offline/digest.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import { SIGNER_BIN, signerCli } from '../support/cli.ts';
import { makeRequest } from '../support/requests.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';
import { verifyResponse } from '../support/verify-response.ts';

let hsm: SoftHsm;
let keys: MadeKey[];
let policyPath: string;
let unattendedPolicy: string;
let n = 0;

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('cli');
  keys = makeKeys(hsm, 'cli', [
    { label: 'app', keyType: { kind: 'rsa', bits: 3072 } },
    { label: 'index', keyType: { kind: 'ec', curve: 'p256' } },
  ]);
  policyPath = join(hsm.dir, 'policy.json');
  const init = signerCli(['policy', 'init', '--out', policyPath, '--uri', 'pkcs11:token=cli', '--kind', 'apk', '--kind', 'jar'], hsm.env);
  expect(init.status, init.stderr).toBe(0);
  unattendedPolicy = join(hsm.dir, 'unattended.json');
  writeFileSync(unattendedPolicy, JSON.stringify({ ...JSON.parse(readFileSync(policyPath, 'utf8')), unattended: true }));
}, 120_000);

afterAll(() => hsm.remove());

function requestFile(request: SigningRequest): string {
  const path = join(hsm.dir, `request-${n++}.msg`);
  writeFileSync(path, messageToTransfer(request));
  return path;
}

function signArgs(input: string, out: string, policy: string, state: string, extra: string[] = []): string[] {
  return ['sign', '--in', input, '--out', out, '--policy', policy, '--uri', 'pkcs11:token=cli', '--state', state, ...extra];
}

const readResponse = (path: string) => transferToMessage(readFileSync(path)) as SigningResponse;

describe('sign', () => {
  it('signs unattended where the policy allows it, and prints the response path last', () => {
    const request = makeRequest(keys, [
      { key: 0, name: 'org.example.app', versionCode: 7 },
      { key: 1, artifact: 'jar', name: 'entry.jar', versionCode: 1_700_000_000 },
    ]);
    const out = join(hsm.dir, 'response-1.msg');
    const r = signerCli(signArgs(requestFile(request), out, unattendedPolicy, mkdtempSync(join(hsm.dir, 'state-')), ['--yes', '--pin-file', hsm.pinFile, '--allow-network']), hsm.env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.last).toBe(out);
    expect(r.stdout).toContain('org.example.app [apk]');
    expect(r.stdout).toContain('Batch: 2 item(s): 2 to sign, 0 refused');
    const response = readResponse(out);
    expect(verifyResponse(request, response, keys)).toBe(3);
    expect(response.requestDigest).toEqual(messageDigest(request));
    expect(r.stderr).toContain('2 of 2 item(s) signed');
    // Each warning once (the network check runs at open and again before signing).
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length, r.stderr).toBe(new Set(lines).size);
  });

  it('refuses --yes when the policy does not allow unattended signing', () => {
    const out = join(hsm.dir, 'response-2.msg');
    const request = makeRequest(keys, [{ key: 0 }]);
    const r = signerCli(signArgs(requestFile(request), out, policyPath, mkdtempSync(join(hsm.dir, 'state-')), ['--yes', '--pin-file', hsm.pinFile, '--allow-network']), hsm.env);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/^airsign-signer: UNATTENDED_NOT_ALLOWED: /);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses to sign while a network interface is up, unless --allow-network', () => {
    const up = spawnSync('ip', ['-o', 'link', 'show', 'up'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.trim() !== '' && !l.includes('LOOPBACK'));
    const out = join(hsm.dir, 'response-3.msg');
    const args = signArgs(requestFile(makeRequest(keys, [{ key: 0 }])), out, unattendedPolicy, mkdtempSync(join(hsm.dir, 'state-')), ['--yes', '--pin-file', hsm.pinFile]);
    const r = signerCli(args, hsm.env);
    if (up.length > 0) {
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('NETWORK_UP');
      expect(existsSync(out)).toBe(false);
    } else {
      expect(r.status, r.stderr).toBe(0);
    }
  });

  it.runIf(spawnSync('unshare', ['-n', 'true']).status === 0)('signs without --allow-network inside a network namespace with only loopback', () => {
    const out = join(hsm.dir, 'response-4.msg');
    const request = makeRequest(keys, [{ key: 1, name: 'org.example.netns' }]);
    const args = signArgs(requestFile(request), out, unattendedPolicy, mkdtempSync(join(hsm.dir, 'state-')), ['--yes', '--pin-file', hsm.pinFile]);
    const r = spawnSync('unshare', ['-n', process.execPath, SIGNER_BIN, ...args], { encoding: 'utf8', env: hsm.env });
    expect(r.status, r.stderr).toBe(0);
    expect(verifyResponse(request, readResponse(out), keys)).toBe(2);
  });

  it('signs with keys whose certificates export-cert sends, and those certificates verify the signatures', () => {
    const exported = keys.map((k, i) => {
      const out = join(hsm.dir, `cert-${i}.msg`);
      const r = signerCli(['export-cert', '--uri', `pkcs11:token=cli;object=${k.label}`, '--out', out], hsm.env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.last).toBe(out);
      const message = transferToMessage(readFileSync(out));
      if (message.kind !== 'certificate') throw new Error('not a certificate message');
      expect(message.label).toBe(k.label);
      expect(parsePkcs11Uri(message.keyUri, 'link')).toMatchObject({ token: 'cli', object: k.label });
      const x509 = new X509Certificate(message.certificate);
      return { ...k, certificate: message.certificate, fingerprint: sha256Bytes(message.certificate), x509 };
    });
    expect(exported.map((e) => Buffer.from(e.fingerprint).toString('hex'))).toEqual(keys.map((k) => Buffer.from(k.fingerprint).toString('hex')));
    const request = makeRequest(exported, [{ key: 0, name: 'org.example.exported', versionCode: 1 }, { key: 1, name: 'org.example.exported2', versionCode: 1, round: 'v1' }]);
    const out = join(hsm.dir, 'response-exported.msg');
    const r = signerCli(signArgs(requestFile(request), out, unattendedPolicy, mkdtempSync(join(hsm.dir, 'state-')), ['--yes', '--pin-file', hsm.pinFile, '--allow-network']), hsm.env);
    expect(r.status, r.stderr).toBe(0);
    expect(verifyResponse(request, readResponse(out), exported)).toBe(3);
    const ambiguous = signerCli(['export-cert', '--uri', 'pkcs11:token=cli', '--out', join(hsm.dir, 'x.msg')], hsm.env);
    expect(ambiguous.stderr).toContain('KEY_AMBIGUOUS');
  });

  /** Runs sign on a pty, answering the confirmation and the PIN prompt as an operator would. */
  async function onTerminal(args: string[], answer: string): Promise<{ status: number | null; screen: string }> {
    const command = [process.execPath, SIGNER_BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    const child = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], { env: hsm.env });
    let screen = '';
    let asked = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8');
      if (asked === 0 && screen.includes('Type "yes" to sign:')) {
        asked = 1;
        child.stdin.write(`${answer}\r`);
      } else if (asked === 1 && screen.includes('User PIN for token "cli":')) {
        asked = 2;
        child.stdin.write(`${USER_PIN}\r`);
      }
    });
    // A prompt that never comes must fail the test, not hang it.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    return { status, screen };
  }

  it('asks the operator on the terminal, and takes the PIN there without echoing it', async () => {
    const out = join(hsm.dir, 'response-5.msg');
    const request = makeRequest(keys, [{ key: 0, name: 'org.example.tty', versionCode: 3 }]);
    const { status, screen } = await onTerminal(signArgs(requestFile(request), out, policyPath, mkdtempSync(join(hsm.dir, 'state-')), ['--allow-network']), 'yes');
    expect(status, screen).toBe(0);
    expect(screen).toContain('User PIN for token "cli":');
    expect(screen).not.toContain(USER_PIN);
    expect(verifyResponse(request, readResponse(out), keys)).toBe(2);
  });

  it('refuses every item when the operator does not type yes, without asking for the PIN', async () => {
    const out = join(hsm.dir, 'response-6.msg');
    const request = makeRequest(keys, [{ key: 0, name: 'org.example.no' }, { key: 1, name: 'org.example.no2' }]);
    const { status, screen } = await onTerminal(signArgs(requestFile(request), out, policyPath, mkdtempSync(join(hsm.dir, 'state-')), ['--allow-network']), 'no');
    expect(status, screen).toBe(0);
    expect(screen).not.toContain('PIN');
    expect(readResponse(out).results.map((r) => (r.status === 'refused' ? r.reason : r.status))).toEqual(['OPERATOR_REFUSED', 'OPERATOR_REFUSED']);
  });
});
