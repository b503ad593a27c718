/**
 * Rebuilder keys in an SSH agent (OpenSSH's ssh-agent, started here and stopped by its pid): DSSE
 * signatures made through the agent protocol verify offline against the key pinned as its OpenSSH
 * public key line, for ssh-ed25519, ecdsa-sha2-nistp256 and ssh-rsa (rsa-sha2-256).
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_TOTO_PAYLOAD_TYPE, pae } from '../../../protocol/attest/index.ts';
import { utf8 } from '../../../protocol/bytes.ts';
import { agentDsseSigner } from '../../../online/attest/index.ts';
import { rebuilderKey } from '../../../offline/vouch/rebuilder-keys.ts';
import { dsseSignatureValid } from '../../../offline/vouch/verify-envelope.ts';

const dir = mkdtempSync(join(tmpdir(), 'airsign-agent-'));
const socket = join(dir, 'agent.sock');
let agent: ChildProcess | undefined;

beforeAll(async () => {
  agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
  for (const type of ['ed25519', 'ecdsa', 'rsa']) {
    const file = join(dir, type);
    execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'ecdsa' ? ['-b', '256'] : type === 'rsa' ? ['-b', '3072'] : []), '-N', '', '-C', `rebuilder-${type}`, '-f', file]);
    execFileSync('ssh-add', ['-q', file], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'pipe' });
  }
}, 120_000);

afterAll(() => {
  if (agent?.pid !== undefined) process.kill(agent.pid);
});

describe('rebuilder keys in an SSH agent', () => {
  for (const type of ['ed25519', 'ecdsa', 'rsa']) {
    it(`sign DSSE with ${type} through the agent, verified against the pinned OpenSSH line`, async () => {
      const signer = await agentDsseSigner(join(dir, `${type}.pub`), socket);
      const payload = utf8('{"_type":"https://in-toto.io/Statement/v1"}');
      const sig = await signer.sign(pae(IN_TOTO_PAYLOAD_TYPE, payload));
      const pinned = rebuilderKey(readFileSync(join(dir, `${type}.pub`), 'utf8'));
      expect(pinned.id).toBe(signer.keyid);
      expect(dsseSignatureValid(pinned, IN_TOTO_PAYLOAD_TYPE, payload, sig)).toBe(true);
      expect(dsseSignatureValid(pinned, IN_TOTO_PAYLOAD_TYPE, utf8('{"_type":"other"}'), sig)).toBe(false);
    }, 60_000);
  }

  it('refuses a key the agent does not hold, typed', async () => {
    const file = join(dir, 'absent');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    const signer = await agentDsseSigner(`${file}.pub`, socket);
    await expect(Promise.resolve(signer.sign(new Uint8Array([1])))).rejects.toMatchObject({ code: 'ATTEST_KEY' });
  });
});
