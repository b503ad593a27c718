/** The signatures of one item: what the token is asked for, what comes back, its audit record. */
import { toHex } from '../../protocol/bytes.ts';
import type { ItemSignature } from '../../protocol/messages/index.ts';
import { encodeSignature } from '../../protocol/kinds/index.ts';
import type { ToBeSigned } from '../../protocol/signing/index.ts';
import { itemClaims } from '../audit/claims.ts';
import { vouchAuditFields } from '../vouch/audit-fields.ts';
import type { AuditEntry } from '../audit/record.ts';
import { sha256Bytes, sha256Hex } from '../digest.ts';
import type { SignerError } from '../errors.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { BatchSignature, TokenConnection } from '../pkcs11/token.ts';
import type { ReviewItem } from './review.ts';

/** One signature to make: a scheme of an item. */
export interface SchemeJob {
  readonly item: ReviewItem;
  readonly tbs: ToBeSigned;
  /** The last scheme of its item: once it is signed, the item is done. */
  readonly last: boolean;
  /** SHA-256 of `tbs.data`, when known before signing (ECDSA signs it). */
  readonly sha256?: Uint8Array;
  readonly batch: BatchSignature;
}

/** The signatures an item needs, scheme by scheme. */
export function schemeJobs(r: ReviewItem, key: TokenKey): SchemeJob[] {
  return r.toBeSigned.map((tbs, i) => {
    // ECDSA on a token without a hashing mechanism signs our SHA-256 of the data: hash it once.
    // A prehashed signature (OpenPGP: a file's hash finished over the trailer built here) signs its digest as it is.
    const sha256 = tbs.prehashed ?? (tbs.keyKind === 'ec' && tbs.hash === 'sha256' ? sha256Bytes(tbs.data) : undefined);
    const batch: BatchSignature = { privateKey: key.privateKey!, keyType: key.keyType!, hash: tbs.hash, data: tbs.data, digest: sha256, ...(tbs.prehashed === undefined ? {} : { prehashed: true }) };
    return { item: r, tbs, last: i === r.toBeSigned.length - 1, sha256, batch };
  });
}

/** A raw signature from the token as the item's kind carries it, and the audit record saying so. */
export function acceptSignature(job: SchemeJob, raw: Uint8Array, requestHex: string): { signature: ItemSignature; record: AuditEntry } {
  const signature = encodeSignature(job.item.item.artifact, job.tbs.keyKind, raw);
  const record: AuditEntry = {
    event: 'signed',
    request: requestHex,
    item: job.item.index,
    scheme: job.tbs.scheme,
    method: job.tbs.method,
    key: job.item.fingerprint!,
    signed: toHex(job.sha256 ?? sha256Bytes(job.tbs.data)),
    signature: sha256Hex(signature),
    ...itemClaims(job.item.item),
    ...(job.item.proven === undefined ? {} : { proven: true as const }),
    ...vouchAuditFields(job.item.vouch),
  };
  return { signature: { scheme: job.tbs.scheme, method: job.tbs.method, signature }, record };
}

/**
 * After a failed signature: is the token still there? A pulled token shows as a closed session
 * (TOKEN_REMOVED) or, on some modules, as vanished handles and a failing C_GetTokenInfo.
 */
export function tokenPresent(token: TokenConnection, error: SignerError): boolean {
  if (error.code === 'TOKEN_REMOVED') return false;
  try {
    token.slot.token();
    return true;
  } catch {
    return false;
  }
}
