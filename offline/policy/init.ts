/**
 * The starting policy `policy init` writes: one rule per key and artifact kind the operator says
 * the key is for (an app key signs APKs of any package, an index key signs entry.jar and
 * index-v1.jar); every other rule at its safe default, written out so the operator sees it.
 */
import { toHex } from '../../protocol/bytes.ts';
import { KINDS } from '../../protocol/kinds/index.ts';
import type { ArtifactKind } from '../../protocol/kinds/index.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import { Policy } from './schema.ts';

export type { ArtifactKind };

export interface KeyPurpose {
  readonly key: TokenKey;
  /** What the key signs: APKs, F-Droid index JARs, or (one rule each) both. */
  readonly kinds: readonly ArtifactKind[];
}

/** The names a starting rule allows: any package for an app key, F-Droid's two index files for an index key. */
const STARTING_NAMES: Record<ArtifactKind, string[]> = { apk: ['*'], jar: ['entry.jar', 'index-v1.jar'], openpgp: ['*'], 'apt-release': ['*'] };

export function startingPolicy(purposes: readonly KeyPurpose[]): Policy {
  return Policy.parse({
    version: 1,
    comment: 'Written by "airsign-signer policy init". Narrow "packages" to the names each key signs.',
    rules: purposes
      .filter((p) => p.key.fingerprint !== undefined)
      .flatMap(({ key, kinds }) =>
        kinds.map((kind) => ({
          comment: `key "${key.label}": ${KINDS[kind].nounPlural}`,
          keys: [`sha256:${toHex(key.fingerprint!)}`],
          packages: STARTING_NAMES[kind],
          artifacts: [kind],
        })),
      ),
  });
}

/** The policy as the file holds it: every default spelled out, two-space indented. */
export function policyText(policy: Policy): string {
  const { comment, version, rules, ...rest } = policy;
  return `${JSON.stringify({ version, comment, ...rest, rules }, null, 2)}\n`;
}
