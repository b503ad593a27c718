/**
 * The policy's verdict on an item that asks for a new key (its key index points past the request's
 * certificates, into `newKeys`). Nothing else in a request can make a key, and this is the only
 * door: the item is an APK of the key's one package, the key is asked for once in the request and
 * by this one item, its alias is on no object of the token, and a rule with `createKeys` allows
 * the type for that package and names the key ("*" or "label:<alias>"). Each refusal is typed.
 */
import type { NewKeyRequest, SigningItem, SigningRequest } from '../../protocol/messages/index.ts';
import { globMatches } from './glob.ts';
import type { Policy } from './schema.ts';
import type { Verdict } from './evaluate.ts';

export interface NewKeyCheck {
  readonly policy: Policy;
  readonly request: SigningRequest;
  readonly item: SigningItem;
  /** Whether any object of the token (certificate, public or private key) has this label. */
  readonly labelOnToken: (label: string) => boolean;
  /** Aliases this request's journal says it was making when a kill cut it short: on the token already, and ours. */
  readonly resuming: ReadonlySet<string>;
  /** Whether the signer proved the item's manifest (offline/proof): its package is then a fact. */
  readonly proven?: boolean;
}

const refuse = (reason: 'NEW_KEY_INVALID' | 'POLICY_KEY_CREATION_NOT_ALLOWED' | 'POLICY_PROOF_REQUIRED', detail: string): Verdict => ({ allowed: false, reason, detail: detail.slice(0, 300) });

/** The new key an item names, if its key index is past the request's certificates. */
export function newKeyOf(request: SigningRequest, item: SigningItem): NewKeyRequest | undefined {
  return item.key >= request.keys.length ? request.newKeys?.[item.key - request.keys.length] : undefined;
}

function askedTwice(request: SigningRequest, spec: NewKeyRequest, keyIndex: number): string | undefined {
  const specs = request.newKeys ?? [];
  if (specs.filter((s) => s.alias === spec.alias).length > 1) return `the request asks for the key "${spec.alias}" twice`;
  if (specs.filter((s) => s.package === spec.package).length > 1) return `the request asks for two new keys for ${spec.package}`;
  if (request.items.filter((i) => i.key === keyIndex).length > 1) return `more than one item names the new key "${spec.alias}" (a key is made for one item; the others wait for it to be pinned)`;
  return undefined;
}

export function checkNewKey(c: NewKeyCheck, spec: NewKeyRequest): Verdict {
  const { item } = c;
  const what = `a new ${spec.keyType} key "${spec.alias}" for ${spec.package}`;
  if (item.artifact !== 'apk') return refuse('NEW_KEY_INVALID', `a ${item.artifact} item asks for ${what}: only an APK item may`);
  if (item.name !== spec.package) return refuse('NEW_KEY_INVALID', `the item is ${item.name} but asks for ${what}`);
  const twice = askedTwice(c.request, spec, item.key);
  if (twice !== undefined) return refuse('NEW_KEY_INVALID', twice);
  if (c.labelOnToken(spec.alias) && !c.resuming.has(spec.alias)) return refuse('NEW_KEY_INVALID', `the token already has an object labelled "${spec.alias}": no second key is made under that alias (pin the existing key's certificate)`);
  const allowing = c.policy.rules.filter(
    (r) => r.artifacts.includes('apk') && (r.createKeys ?? []).includes(spec.keyType) && r.packages.some((p) => globMatches(p, spec.package)) && r.keys.some((k) => k === '*' || k === `label:${spec.alias}`),
  );
  if (allowing.length === 0) return refuse('POLICY_KEY_CREATION_NOT_ALLOWED', `the policy does not allow making ${what} (no apk rule with createKeys ["${spec.keyType}"] for this package and key)`);
  // The name a new key is made for is the item's: where every allowing rule requires proof, only a proven name counts.
  if (c.proven !== true && allowing.every((r) => r.requireProof === true)) return refuse('POLICY_PROOF_REQUIRED', `the rule that allows ${what} requires a manifest proof and the item carries none: its package is only claimed by the online side`);
  return { allowed: true };
}
