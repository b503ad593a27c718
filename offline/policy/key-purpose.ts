/**
 * What each key is for, as `policy init --kind` says it: "apk" or "jar" for every key, or
 * "LABEL=apk" / "LABEL=jar" for the key of that label; repeated for several. A key may be given
 * both kinds (two rules). Every key must get a kind: the signer cannot tell an app key from an
 * index key, and a guess would grant a key a kind it was never meant to sign.
 */
import { ARTIFACT_KINDS } from '../../protocol/kinds/index.ts';
import { SignerError } from '../errors.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { ArtifactKind, KeyPurpose } from './init.ts';

const KINDS: readonly ArtifactKind[] = ARTIFACT_KINDS;

function kindOf(text: string, given: string): ArtifactKind {
  if ((KINDS as readonly string[]).includes(text)) return text as ArtifactKind;
  throw new SignerError('USAGE', `--kind ${given}: the kind is ${KINDS.map((k) => `"${k}"`).join(', ')}`);
}

export function keyPurposes(keys: readonly TokenKey[], given: readonly string[]): KeyPurpose[] {
  const every = new Set<ArtifactKind>();
  const byLabel = new Map<string, Set<ArtifactKind>>();
  for (const value of given) {
    const eq = value.lastIndexOf('=');
    if (eq === -1) {
      every.add(kindOf(value, value));
      continue;
    }
    const label = value.slice(0, eq);
    if (!keys.some((k) => k.label === label)) {
      throw new SignerError('USAGE', `--kind ${value}: no key labelled "${label}" on the token (keys: ${keys.map((k) => `"${k.label}"`).join(', ')})`);
    }
    const kinds = byLabel.get(label) ?? new Set<ArtifactKind>();
    kinds.add(kindOf(value.slice(eq + 1), value));
    byLabel.set(label, kinds);
  }
  const purposes = keys.map((key) => ({ key, kinds: KINDS.filter((k) => (byLabel.get(key.label) ?? every).has(k)) }));
  const missing = purposes.filter((p) => p.kinds.length === 0).map((p) => `"${p.key.label}"`);
  if (missing.length > 0) {
    throw new SignerError('USAGE', `say what each key signs with --kind apk, --kind jar, --kind apt-release or --kind LABEL=apk|jar|apt-release; no kind for ${missing.join(', ')}`);
  }
  return purposes;
}
