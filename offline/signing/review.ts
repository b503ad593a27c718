/**
 * The review of a request: per item the policy's verdict and, for items allowed, the exact bytes
 * to sign, built here with the shared protocol/ code from the item's fields and the key's own
 * certificate. The operator sees this before anything is signed; signing uses the same bytes.
 */
import { toHex } from '../../protocol/bytes.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { messageDigest } from '../../protocol/messages/index.ts';
import type { NewKeyRequest, RefusalReason, SigningItem, SigningRequest } from '../../protocol/messages/index.ts';
import { buildToBeSigned } from '../../protocol/signing/index.ts';
import type { ToBeSigned } from '../../protocol/signing/index.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { SignatureHash } from '../pkcs11/mechanisms.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import { checkRollback, evaluateRequest } from '../policy/evaluate.ts';
import type { Verdict } from '../policy/evaluate.ts';
import type { Policy } from '../policy/schema.ts';
import type { PolicyState } from '../policy/state.ts';
import { checkItemProof } from '../proof/index.ts';
import type { ManifestFacts } from '../../protocol/apk-proof/index.ts';
import { requestName } from '../vouch/request-name.ts';
import { checkVouch } from '../vouch/check-vouch.ts';
import type { ItemVouch } from '../vouch/check-vouch.ts';
import { openPgpTimesVerdict } from '../openpgp/item-times.ts';

export interface ReviewItem {
  readonly index: number;
  readonly item: SigningItem;
  readonly key: TokenKey | undefined;
  /** The key fingerprint the item names, hex. */
  readonly fingerprint: string | undefined;
  readonly verdict: Verdict;
  /** What will be signed, scheme by scheme; empty when refused, and for a new key until it is made. */
  readonly toBeSigned: readonly ToBeSigned[];
  /** What the signer read itself from the item's manifest proof; absent: the name and version are claims. */
  readonly proven?: ManifestFacts;
  /** Who attested the item and who approved the request, as the policy's vouching rules judged them (offline/vouch). */
  readonly vouch?: ItemVouch;
  /** The key the item asks the signer to make (shown as a NEW KEY); made at signing, after approval. */
  readonly newKey?: NewKeyRequest;
  /** Set once the new key is made (or found, on a rerun): its certificate, DER, for the response. */
  readonly madeCertificate?: Uint8Array;
}

export interface Review {
  readonly request: SigningRequest;
  readonly requestDigest: Uint8Array;
  readonly items: readonly ReviewItem[];
  /** Unix seconds the review was made at. */
  readonly now: number;
  readonly resign: boolean;
}

export interface ReviewInput {
  readonly request: SigningRequest;
  readonly policy: Policy;
  /** The saved state; the review works on a copy. */
  readonly state: PolicyState;
  readonly keys: readonly TokenKey[];
  readonly now: number;
  readonly resign: boolean;
  /** The request's digest if the caller has it from the bytes it decoded; computed otherwise. */
  readonly requestDigest?: Uint8Array;
  /**
   * Why the token cannot make a signature of this key type and hash (its mechanisms, their key
   * sizes), or undefined: an item it cannot sign is refused here, before the PIN is asked for.
   */
  readonly tokenProblem?: (keyType: KeyType, hash: SignatureHash, prehashed?: boolean) => string | undefined;
  /** Whether any object of the token has this label (items asking for a new key). */
  readonly labelOnToken?: (label: string) => boolean;
  /** Aliases this request's in-progress journal was making when a kill cut it short. */
  readonly resumingAliases?: ReadonlySet<string>;
  /**
   * The creation time this signer fixed for the OpenPGP form of the key with this certificate
   * SHA-256 (hex), when it exported one (offline/openpgp/creation-times.ts). An OpenPGP or apt
   * Release item must name that very key: without it, or with another time, it is refused.
   */
  readonly openPgpCreated?: (certificateSha256Hex: string) => number | undefined;
}

/** How a refusal because of the token begins (the summary lists these, and `sign` fails on them). */
export const TOKEN_CANNOT_SIGN = 'the token cannot sign';

/** Whether an item was refused because of the token rather than the policy. */
export function refusedForToken(verdict: Verdict): boolean {
  return !verdict.allowed && verdict.reason === 'UNSUPPORTED_ALGORITHM' && verdict.detail.startsWith(TOKEN_CANNOT_SIGN);
}

/** The first signature of an allowed item the token cannot make, as a refusal. */
export function tokenRefusal(input: Pick<ReviewInput, 'tokenProblem'>, key: TokenKey, toBeSigned: readonly ToBeSigned[]): Verdict | undefined {
  if (input.tokenProblem === undefined || key.keyType === undefined) return undefined;
  for (const tbs of toBeSigned) {
    const problem = input.tokenProblem(key.keyType, tbs.hash, tbs.prehashed !== undefined);
    if (problem !== undefined) return refusal('UNSUPPORTED_ALGORITHM', `${TOKEN_CANNOT_SIGN} ${tbs.scheme}: ${problem}`);
  }
  return undefined;
}

export function refusal(reason: RefusalReason, detail: string): Verdict {
  return { allowed: false, reason, detail: detail.slice(0, 300) };
}

/** Builds the bytes for an allowed item, turning a malformed item into a typed refusal. */
export function build(item: SigningItem, key: TokenKey): { verdict: Verdict; toBeSigned: ToBeSigned[] } {
  try {
    return { verdict: { allowed: true }, toBeSigned: buildToBeSigned(item, key.certificate!) };
  } catch (error) {
    if (isProtocolError(error, 'UNSUPPORTED')) return { verdict: refusal('UNSUPPORTED_ALGORITHM', error.message), toBeSigned: [] };
    if (isProtocolError(error)) return { verdict: refusal('INVALID_ITEM', error.message), toBeSigned: [] };
    throw error;
  }
}

export function reviewRequest(input: ReviewInput): Review {
  // With attestations or approvals carried, the request is named by its approval digest (which leaves them out).
  const requestDigest = requestName(input.request, input.requestDigest ?? messageDigest(input.request));
  const vouched = checkVouch(input.policy, input.request, requestDigest, input.now);
  const working = input.state.clone();
  const proofs = input.request.items.map((item) => checkItemProof(item));
  const proven = new Set(proofs.flatMap((p, i) => (p.state === 'proven' ? [i] : [])));
  const verdicts = evaluateRequest({
    proven,
    policy: input.policy,
    state: working,
    request: input.request,
    requestDigest: toHex(requestDigest),
    keys: input.keys,
    now: input.now,
    resign: input.resign,
    labelOnToken: input.labelOnToken,
    resumingAliases: input.resumingAliases,
  });
  const items = verdicts.map((v): ReviewItem => {
    const item = input.request.items[v.index]!;
    const proof = proofs[v.index]!;
    const vouch = vouched.items[v.index]!;
    // A proof that fails is refused whatever the rule: the online side sent bytes that do not give what it asks to sign.
    const first = proof.state === 'refused' && (v.verdict.allowed || v.verdict.reason === 'POLICY_PROOF_REQUIRED') ? refusal(proof.reason, proof.detail) : v.verdict;
    // A new key's bytes to sign embed its certificate (v2/v3), so they are built once it is made;
    // its proof and its attestations and approvals are judged now, as any item's.
    if (v.newKey !== undefined) {
      const verdict = first.allowed && vouch.refusal !== undefined ? refusal(vouch.refusal.reason, vouch.refusal.detail) : first;
      return { index: v.index, item, key: undefined, fingerprint: undefined, verdict, toBeSigned: [], newKey: v.newKey, vouch, ...(proof.state === 'proven' ? { proven: proof.facts } : {}) };
    }
    let built = first.allowed && v.key !== undefined ? build(item, v.key) : { verdict: first, toBeSigned: [] as ToBeSigned[] };
    if (built.verdict.allowed) {
      const times = openPgpTimesVerdict({ policy: input.policy, now: input.now, keyCreated: input.openPgpCreated }, item, v.fingerprint!);
      if (times !== undefined) built = { verdict: times, toBeSigned: [] };
    }
    if (built.verdict.allowed) {
      const refused = tokenRefusal(input, v.key!, built.toBeSigned);
      if (refused !== undefined) built = { verdict: refused, toBeSigned: [] };
    }
    if (built.verdict.allowed && vouch.refusal !== undefined) built = { verdict: refusal(vouch.refusal.reason, vouch.refusal.detail), toBeSigned: [] };
    if (built.verdict.allowed && item.artifact === 'openpgp') {
      const known = input.openPgpCreated?.(v.fingerprint!);
      if (known === undefined) built = { verdict: refusal('INVALID_ITEM', `key "${v.key!.label}" has no OpenPGP form on this signer: export it first (airsign-signer export-openpgp)`), toBeSigned: [] };
      else if (known !== item.keyCreated) built = { verdict: refusal('INVALID_ITEM', `the item names the OpenPGP key of "${v.key!.label}" created at ${item.keyCreated}; this signer's was created at ${known}`), toBeSigned: [] };
    }
    if (built.verdict.allowed) {
      const rollback = checkRollback(input.policy, working, v.fingerprint!, item);
      if (!rollback.allowed) built = { verdict: rollback, toBeSigned: [] };
    }
    return { index: v.index, item, key: v.key, fingerprint: v.fingerprint, verdict: built.verdict, toBeSigned: built.toBeSigned, vouch, ...(proof.state === 'proven' ? { proven: proof.facts } : {}) };
  });
  return { request: input.request, requestDigest, items, now: input.now, resign: input.resign };
}
