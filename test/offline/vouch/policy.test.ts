/** The policy's vouching rules are validated whole: a key that does not parse, or a minimum above the keys pinned, refuses the file. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../../offline/policy/load.ts';
import { SignerError } from '../../../offline/errors.ts';

const base = { version: 1, rules: [{ keys: ['*'], packages: ['*'], artifacts: ['apk'] }] };
const spki = (k: ReturnType<typeof generateKeyPairSync>['publicKey']) => k.export({ type: 'spki', format: 'der' }).toString('base64');
const ed = spki(generateKeyPairSync('ed25519').publicKey);
const p384 = spki(generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).publicKey);
const line = `alice ssh-ed25519 ${Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 1)]).toString('base64')}`;

function refusal(extra: Record<string, unknown>): string {
  try {
    parsePolicy(JSON.stringify({ ...base, ...extra }));
  } catch (e) {
    return e instanceof SignerError ? `${e.code}: ${e.message}` : String(e);
  }
  return 'accepted';
}

describe('vouching rules in the policy', () => {
  it('accept pinned keys in each form', () => {
    expect(refusal({ attestations: { packages: ['org.example.*'], from: [ed, { key: ed, name: 'a', notAfter: '2030-01-01T00:00:00Z' }, `ssh-ed25519 ${line.split(' ')[2]} agent-key`], min: 2 }, approvals: { min: 1, of: [line] } })).toBe('accepted');
  });

  it('refuse what does not parse, naming the field', () => {
    expect(refusal({ attestations: { packages: ['*'], from: ['not a key'], min: 1 } })).toMatch(/^POLICY_INVALID: .*attestations\.from\.0/);
    expect(refusal({ attestations: { packages: ['*'], from: [p384], min: 1 } })).toMatch(/^POLICY_INVALID: .*P-256/);
    expect(refusal({ attestations: { packages: ['*'], from: [ed], min: 2 } })).toMatch(/^POLICY_INVALID: .*min is more than the keys/);
    expect(refusal({ approvals: { min: 1, of: ['alice cert-authority ' + line.split(' ').slice(1).join(' ')] } })).toMatch(/^POLICY_INVALID: .*approvals\.of\.0/);
    expect(refusal({ approvals: { min: 2, of: [line] } })).toMatch(/^POLICY_INVALID: .*min is more than the approvers/);
    expect(refusal({ approvals: { min: 1, of: [line], extra: 1 } })).toMatch(/^POLICY_INVALID/);
  });
});
