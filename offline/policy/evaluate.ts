/**
 * The policy's verdict on each item of a request. Request-wide rules (already signed, too many
 * items, issue time outside the window) refuse every item; then each item is checked for its key
 * being on the token and allowed, and for its name and artifact kind. The version rule comes last
 * (`checkRollback`), once the item is known to be signable, and raises the working copy's floor,
 * so a batch cannot roll itself back either.
 */
import { toHex } from '../../protocol/bytes.ts';
import { policySubject } from '../../protocol/kinds/index.ts';
import type { NewKeyRequest, RefusalReason, SigningItem, SigningRequest } from '../../protocol/messages/index.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import { globMatches } from './glob.ts';
import type { Policy, Rule } from './schema.ts';
import type { PolicyState } from './state.ts';
import { checkNewKey, newKeyOf } from './new-keys.ts';

export type Verdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: RefusalReason; readonly detail: string };

export interface ItemVerdict {
  readonly index: number;
  /** The token key the item names, when it is on the token. */
  readonly key: TokenKey | undefined;
  /** The fingerprint the item names (hex), when the index is valid. */
  readonly fingerprint: string | undefined;
  readonly verdict: Verdict;
  /** The key the item asks the signer to make, instead of naming a certificate. */
  readonly newKey?: NewKeyRequest;
}

export interface EvaluateInput {
  readonly policy: Policy;
  /** Read only here: request-wide replay check. */
  readonly state: PolicyState;
  readonly request: SigningRequest;
  readonly requestDigest: string;
  readonly keys: readonly TokenKey[];
  /** Unix seconds. */
  readonly now: number;
  /** The operator asked to sign a request already signed. */
  readonly resign: boolean;
  /** Items whose manifest proof the signer checked (offline/proof); the others' names and versions are claims. */
  readonly proven?: ReadonlySet<number>;
  /** Whether any object of the token has this label (items asking for a new key); none when absent. */
  readonly labelOnToken?: (label: string) => boolean;
  /** Aliases this request's in-progress journal was making (a rerun after a kill). */
  readonly resumingAliases?: ReadonlySet<string>;
}

const refuse = (reason: RefusalReason, detail: string): Verdict => ({ allowed: false, reason, detail: detail.slice(0, 300) });
const ALLOWED: Verdict = { allowed: true };

function requestVerdict(i: EvaluateInput): Verdict {
  const { policy, request, now } = i;
  if (!i.resign && i.state.isSigned(i.requestDigest)) return refuse('POLICY_ALREADY_SIGNED', 'this request was signed before; the operator may sign it again with --resign');
  if (request.items.length > policy.maxItemsPerRequest) return refuse('POLICY_TOO_MANY_ITEMS', `${request.items.length} items; the policy allows ${policy.maxItemsPerRequest} per request`);
  if (request.issuedAt < now - policy.maxRequestAgeSeconds) return refuse('POLICY_REQUEST_EXPIRED', `issued ${now - request.issuedAt} s ago; the policy allows ${policy.maxRequestAgeSeconds} s`);
  if (request.issuedAt > now + policy.maxClockSkewSeconds) return refuse('POLICY_REQUEST_FROM_FUTURE', `issued ${request.issuedAt - now} s in the future; the policy allows ${policy.maxClockSkewSeconds} s`);
  return ALLOWED;
}

function keyMatches(selector: string, key: TokenKey, fingerprint: string): boolean {
  if (selector === '*') return true;
  if (selector.startsWith('sha256:')) return selector.slice(7).replace(/:/g, '').toLowerCase() === fingerprint;
  return selector.slice('label:'.length) === key.label;
}

function ruleVerdict(rules: readonly Rule[], key: TokenKey, fingerprint: string, item: SigningItem, proven: boolean): Verdict {
  const forKey = rules.filter((r) => r.keys.some((s) => keyMatches(s, key, fingerprint)));
  if (forKey.length === 0) return refuse('POLICY_KEY_NOT_ALLOWED', `the policy has no rule for key "${key.label}"`);
  const { name } = policySubject(item);
  const forName = forKey.filter((r) => r.packages.some((p) => globMatches(p, name)));
  if (forName.length === 0) return refuse('POLICY_PACKAGE_NOT_ALLOWED', `key "${key.label}" may not sign ${name}`);
  const forKind = forName.filter((r) => r.artifacts.includes(item.artifact));
  if (forKind.length === 0) return refuse('POLICY_ARTIFACT_KIND_NOT_ALLOWED', `key "${key.label}" may not sign ${item.artifact} files for ${name}`);
  // A proven item's name and version are the manifest's (the proof refuses claims that differ from it).
  if (!proven && forKind.every((r) => r.requireProof === true)) return refuse('POLICY_PROOF_REQUIRED', `the rule for ${name} requires a manifest proof and the item carries none: its name and version are only claimed by the online side`);
  return ALLOWED;
}

export function evaluateRequest(i: EvaluateInput): ItemVerdict[] {
  const whole = requestVerdict(i);
  return i.request.items.map((item, index) => {
    const spec = newKeyOf(i.request, item);
    if (spec !== undefined) {
      const verdict = whole.allowed ? checkNewKey({ policy: i.policy, request: i.request, item, labelOnToken: i.labelOnToken ?? (() => false), resuming: i.resumingAliases ?? new Set(), proven: i.proven?.has(index) === true }, spec) : whole;
      return { index, key: undefined, fingerprint: undefined, verdict, newKey: spec };
    }
    const fpBytes = i.request.keys[item.key];
    const fingerprint = fpBytes === undefined ? undefined : toHex(fpBytes);
    const key = fingerprint === undefined ? undefined : i.keys.find((k) => k.fingerprint !== undefined && toHex(k.fingerprint) === fingerprint);
    const verdict = ((): Verdict => {
      if (!whole.allowed) return whole;
      if (fingerprint === undefined) return refuse('INVALID_ITEM', `key index ${item.key} is outside the request's ${i.request.keys.length} key(s) and ${i.request.newKeys?.length ?? 0} new key(s)`);
      // The private key half is looked up at signing, after login; certificates are public objects.
      if (key === undefined) return refuse('UNKNOWN_KEY', `no key with certificate sha256:${fingerprint.slice(0, 16)}… on the token`);
      if (key.keyType === undefined) return refuse('UNSUPPORTED_ALGORITHM', `key "${key.label}" is of a type this signer does not use`);
      return ruleVerdict(i.policy.rules, key, fingerprint, item, i.proven?.has(index) === true);
    })();
    return { index, key, fingerprint, verdict };
  });
}

/** What the version rule keeps a floor for ("apk:org.example", "jar:entry.jar") and the item's number on it, as its kind says. */
export function rollbackSubject(item: SigningItem): { subject: string; order: number } {
  const { name, order, floor } = policySubject(item);
  return { subject: `${item.artifact}:${floor ?? name}`, order };
}

/** The version rule for one item; when it passes, the working copy's floor rises to the item. */
export function checkRollback(policy: Policy, working: PolicyState, fingerprint: string, item: SigningItem): Verdict {
  const { subject, order } = rollbackSubject(item);
  const sha = toHex(item.sha256);
  if (policy.rollbackProtection) {
    const check = working.checkVersion(fingerprint, subject, order, sha);
    if (!check.ok) return refuse('POLICY_VERSION_ROLLBACK', check.detail);
  }
  working.recordVersion(fingerprint, subject, order, sha);
  return ALLOWED;
}
