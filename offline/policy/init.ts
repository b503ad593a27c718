/**
 * The starting policy `policy init` writes: every key on the token may sign any name and either
 * artifact kind; every other rule at its safe default, written out so the operator sees it.
 */
import { toHex } from '../../protocol/bytes.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import { Policy } from './schema.ts';

export function startingPolicy(keys: readonly TokenKey[]): Policy {
  const signing = keys.filter((k) => k.fingerprint !== undefined);
  return Policy.parse({
    version: 1,
    comment: 'Written by "airsign-signer policy init". Narrow "packages" to the names each key signs.',
    rules: signing.map((k) => ({
      comment: `key "${k.label}"`,
      keys: [`sha256:${toHex(k.fingerprint!)}`],
      packages: ['*'],
      artifacts: ['apk', 'jar'],
    })),
  });
}

/** The policy as the file holds it: every default spelled out, two-space indented. */
export function policyText(policy: Policy): string {
  const { comment, version, rules, ...rest } = policy;
  return `${JSON.stringify({ version, comment, ...rest, rules }, null, 2)}\n`;
}
