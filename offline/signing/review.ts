/**
 * The review of a request: per item the policy's verdict and, for items allowed, the exact bytes
 * to sign, built here with the shared protocol/ code from the item's fields and the key's own
 * certificate. The operator sees this before anything is signed; signing uses the same bytes.
 */
import { toHex } from '../../protocol/bytes.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { messageDigest } from '../../protocol/messages/index.ts';
import type { RefusalReason, SigningItem, SigningRequest } from '../../protocol/messages/index.ts';
import { buildToBeSigned } from '../../protocol/signing/index.ts';
import type { ToBeSigned } from '../../protocol/signing/index.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { SignatureHash } from '../pkcs11/mechanisms.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import { checkRollback, evaluateRequest } from '../policy/evaluate.ts';
import type { Verdict } from '../policy/evaluate.ts';
import type { Policy } from '../policy/schema.ts';
import type { PolicyState } from '../policy/state.ts';
import { openPgpTimesVerdict } from '../openpgp/item-times.ts';

export interface ReviewItem {
  readonly index: number;
  readonly item: SigningItem;
  readonly key: TokenKey | undefined;
  /** The key fingerprint the item names, hex. */
  readonly fingerprint: string | undefined;
  readonly verdict: Verdict;
  /** What will be signed, scheme by scheme; empty when refused. */
  readonly toBeSigned: readonly ToBeSigned[];
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
  readonly tokenProblem?: (keyType: KeyType, hash: SignatureHash) => string | undefined;
  /** The creation time of a key's OpenPGP form, by certificate SHA-256 (hex), as export-openpgp fixed it: OpenPGP items are refused without it. */
  readonly openPgpKeyCreated?: (certificateSha256Hex: string) => number | undefined;
}

/** How a refusal because of the token begins (the summary lists these, and `sign` fails on them). */
export const TOKEN_CANNOT_SIGN = 'the token cannot sign';

/** Whether an item was refused because of the token rather than the policy. */
export function refusedForToken(verdict: Verdict): boolean {
  return !verdict.allowed && verdict.reason === 'UNSUPPORTED_ALGORITHM' && verdict.detail.startsWith(TOKEN_CANNOT_SIGN);
}

/** The first signature of an allowed item the token cannot make, as a refusal. */
function tokenRefusal(input: ReviewInput, key: TokenKey, toBeSigned: readonly ToBeSigned[]): Verdict | undefined {
  if (input.tokenProblem === undefined || key.keyType === undefined) return undefined;
  for (const tbs of toBeSigned) {
    const problem = input.tokenProblem(key.keyType, tbs.hash);
    if (problem !== undefined) return refusal('UNSUPPORTED_ALGORITHM', `${TOKEN_CANNOT_SIGN} ${tbs.scheme}: ${problem}`);
  }
  return undefined;
}

function refusal(reason: RefusalReason, detail: string): Verdict {
  return { allowed: false, reason, detail: detail.slice(0, 300) };
}

/** Builds the bytes for an allowed item, turning a malformed item into a typed refusal. */
function build(item: SigningItem, key: TokenKey): { verdict: Verdict; toBeSigned: ToBeSigned[] } {
  try {
    return { verdict: { allowed: true }, toBeSigned: buildToBeSigned(item, key.certificate!) };
  } catch (error) {
    if (isProtocolError(error, 'UNSUPPORTED')) return { verdict: refusal('UNSUPPORTED_ALGORITHM', error.message), toBeSigned: [] };
    if (isProtocolError(error)) return { verdict: refusal('INVALID_ITEM', error.message), toBeSigned: [] };
    throw error;
  }
}

export function reviewRequest(input: ReviewInput): Review {
  const requestDigest = input.requestDigest ?? messageDigest(input.request);
  const working = input.state.clone();
  const verdicts = evaluateRequest({
    policy: input.policy,
    state: working,
    request: input.request,
    requestDigest: toHex(requestDigest),
    keys: input.keys,
    now: input.now,
    resign: input.resign,
  });
  const items = verdicts.map((v): ReviewItem => {
    const item = input.request.items[v.index]!;
    let built = v.verdict.allowed && v.key !== undefined ? build(item, v.key) : { verdict: v.verdict, toBeSigned: [] as ToBeSigned[] };
    if (built.verdict.allowed) {
      const times = openPgpTimesVerdict({ policy: input.policy, now: input.now, keyCreated: input.openPgpKeyCreated }, item, v.fingerprint!);
      if (times !== undefined) built = { verdict: times, toBeSigned: [] };
    }
    if (built.verdict.allowed) {
      const refused = tokenRefusal(input, v.key!, built.toBeSigned);
      if (refused !== undefined) built = { verdict: refused, toBeSigned: [] };
    }
    if (built.verdict.allowed) {
      const rollback = checkRollback(input.policy, working, v.fingerprint!, item);
      if (!rollback.allowed) built = { verdict: rollback, toBeSigned: [] };
    }
    return { index: v.index, item, key: v.key, fingerprint: v.fingerprint, verdict: built.verdict, toBeSigned: built.toBeSigned };
  });
  return { request: input.request, requestDigest, items, now: input.now, resign: input.resign };
}
