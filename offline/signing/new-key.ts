/**
 * Makes the keys a review allowed and the operator approved, one per item that asks for one,
 * before anything is signed: the key ceremony's own code (offline/ceremony) makes the key pair and
 * its self-signed certificate in the token, the audit log records the ceremony (a `keygen` record
 * naming the request and item), and the item is then signed with the new key like any other, in
 * the same round. Each creation is journaled before the token is asked (and again once made), so a
 * rerun after a kill finds the key it made under that alias and uses it: never a second key.
 */
import { toHex } from '../../protocol/bytes.ts';
import type { NewKeyRequest } from '../../protocol/messages/index.ts';
import { keygenRecorded } from '../audit/signed-records.ts';
import { keyTypeName, parseKeyType } from '../ceremony/key-spec.ts';
import { generateSigningKey } from '../ceremony/keygen.ts';
import { sha256Bytes } from '../digest.ts';
import { isSignerError } from '../errors.ts';
import type { SignerError } from '../errors.ts';
import { findObjects } from '../pkcs11/objects.ts';
import type { TokenConnection } from '../pkcs11/token.ts';
import { crashPoint } from './crash-point.ts';
import type { Journal, JournaledKey } from './journal.ts';
import { build, refusal, tokenRefusal } from './review.ts';
import type { Review, ReviewItem } from './review.ts';
import type { SignContext, SignOptions } from './sign-review.ts';

/** The certificate subject of a key made for an app: its package, and its alias as the unit. */
export function newKeySubject(spec: NewKeyRequest): string {
  return `CN=${spec.package}, OU=${spec.alias}`;
}

/** Validity of a made key's certificate, in years (as keygen's default). */
export const NEW_KEY_VALIDITY_YEARS = 30;

/** Whether any object of the token (certificate, public or private key) is labelled `label`. */
export function labelOnToken(token: TokenConnection, label: string): boolean {
  return (['certificate', 'public', 'private'] as const).some((cls) => findObjects(token.session, cls, { object: label }).length > 0);
}

export interface MakeKeysInput {
  readonly ctx: SignContext;
  readonly review: Review;
  /** Whether the operator approved this item (and the request is not a replay). */
  readonly approved: (index: number) => boolean;
  /** The new keys this request's journal was making, from a run a kill cut short. */
  readonly journaled: ReadonlyMap<number, JournaledKey>;
  readonly journal: () => Journal;
  /** The audit seq the request's records start after (the journal's). */
  readonly startSeq: number;
  readonly now: Date;
  readonly warn: SignOptions['warn'];
}

/** The review with each approved new-key item given its made key, bytes to sign and certificate (or its refusal). */
export function makeNewKeys(input: MakeKeysInput): Review {
  if (!input.review.items.some((r) => r.newKey !== undefined && r.verdict.allowed && input.approved(r.index))) return input.review;
  const items = input.review.items.map((r) => (r.newKey !== undefined && r.verdict.allowed && input.approved(r.index) ? keyFor(input, r, r.newKey) : r));
  return { ...input.review, items };
}

function keyFor(input: MakeKeysInput, r: ReviewItem, spec: NewKeyRequest): ReviewItem {
  const { ctx } = input;
  const requestHex = toHex(input.review.requestDigest);
  const keyType = parseKeyType(spec.keyType);
  const earlier = input.journaled.get(r.index);
  let certificate: Uint8Array | undefined;
  if (earlier !== undefined && earlier.alias === spec.alias) {
    certificate = findMade(ctx.token, spec.alias, earlier.certificate);
    if (certificate !== undefined) input.warn?.(`request ${requestHex.slice(0, 16)}…: item ${r.index + 1}: the key "${spec.alias}" was made before a crash; it is used, no second key is made`);
    else if (destroyHalfMade(ctx.token, spec.alias)) input.warn?.(`request ${requestHex.slice(0, 16)}…: item ${r.index + 1}: a crash inside the ceremony left a key pair "${spec.alias}" without its certificate; it was destroyed and the key is made again`);
  }
  if (certificate === undefined) {
    // Logged in, the private objects show too: a key half under the alias that the review could not see is not ours to touch.
    if (earlier === undefined && labelOnToken(ctx.token, spec.alias)) return { ...r, verdict: refusal('NEW_KEY_INVALID', `the token already has an object labelled "${spec.alias}" (a private key without a certificate, seen once logged in): no key is made under that alias`) };
    input.journal().noteKey(r.index, spec.alias);
    try {
      certificate = generateSigningKey(ctx.token, { label: spec.alias, keyType, subject: newKeySubject(spec), validityYears: NEW_KEY_VALIDITY_YEARS, now: input.now }).certificate;
    } catch (error) {
      if (!isSignerError(error)) throw error;
      ctx.audit.append({ event: 'keygen-refused', label: spec.alias, keyType: spec.keyType, code: error.code, detail: error.message.slice(0, 500) }, input.now);
      return { ...r, verdict: keygenRefusal(error) };
    }
    crashPoint('key-made');
    input.warn?.(`item ${r.index + 1}: made the key "${spec.alias}" (${spec.keyType}) for ${spec.package} in the token: certificate sha256:${toHex(sha256Bytes(certificate))}`);
  }
  const fingerprint = toHex(sha256Bytes(certificate));
  if (earlier?.certificate === undefined) input.journal().noteKey(r.index, spec.alias, certificate);
  if (!keygenRecorded(ctx.audit.path, requestHex, fingerprint, input.startSeq)) {
    ctx.audit.append({ event: 'keygen', key: fingerprint, label: spec.alias, keyType: keyTypeName(keyType), request: requestHex, item: r.index, name: spec.package }, input.now);
  }
  const key = ctx.token.keys().find((k) => k.fingerprint !== undefined && toHex(k.fingerprint) === fingerprint);
  if (key === undefined) return { ...r, verdict: refusal('TOKEN_ERROR', `the key "${spec.alias}" was made but the token does not list it`) };
  let built = build(r.item, key);
  if (built.verdict.allowed) {
    const refused = tokenRefusal({ tokenProblem: (t, h) => ctx.token.signProblem(t, h) }, key, built.toBeSigned);
    if (refused !== undefined) built = { verdict: refused, toBeSigned: [] };
  }
  return { ...r, key, fingerprint, verdict: built.verdict, toBeSigned: built.toBeSigned, madeCertificate: certificate };
}

/** The certificate of the key a killed run made under `alias`, when the token holds it whole (and it is the journaled one, if the journal got that far). */
function findMade(token: TokenConnection, alias: string, journaled: Uint8Array | undefined): Uint8Array | undefined {
  const keys = token.keys().filter((k) => k.label === alias && k.certificate !== undefined && k.privateKey !== undefined);
  const match = journaled === undefined ? keys : keys.filter((k) => toHex(k.fingerprint!) === toHex(sha256Bytes(journaled)));
  return match.length === 1 ? match[0]!.certificate : undefined;
}

/**
 * A kill inside the ceremony (after C_GenerateKeyPair, before the certificate was stored) leaves a
 * key pair without a certificate under the alias the journal says this request was making: it
 * never signed anything and cannot be used, so it is destroyed and the key made again.
 */
function destroyHalfMade(token: TokenConnection, alias: string): boolean {
  if (findObjects(token.session, 'certificate', { object: alias }).length > 0) return false;
  let destroyed = false;
  for (const cls of ['private', 'public'] as const) {
    for (const o of findObjects(token.session, cls, { object: alias })) {
      token.session.destroyObject(o.handle);
      destroyed = true;
    }
  }
  return destroyed;
}

function keygenRefusal(error: SignerError): ReturnType<typeof refusal> {
  if (error.code === 'KEY_EXISTS') return refusal('NEW_KEY_INVALID', error.message);
  if (error.code === 'MECHANISM_UNSUPPORTED') return refusal('UNSUPPORTED_ALGORITHM', error.message);
  return refusal('TOKEN_ERROR', `the key could not be made: ${error.code}: ${error.message}`);
}
