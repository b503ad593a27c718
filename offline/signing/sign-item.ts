/** One item on the token: its signatures, their audit records, and what a failure means. */
import { toHex } from '../../protocol/bytes.ts';
import type { ItemSignature } from '../../protocol/messages/index.ts';
import { ecdsaRawToDer } from '../../protocol/signing/index.ts';
import type { AuditLog } from '../audit/log.ts';
import type { AuditEntry } from '../audit/record.ts';
import { sha256Bytes, sha256Hex } from '../digest.ts';
import type { SignerError } from '../errors.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { TokenConnection } from '../pkcs11/token.ts';
import type { ReviewItem } from './review.ts';

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

/** Signs one item scheme by scheme; what the token signed is logged even if a later scheme fails. */
export function signItem(ctx: { readonly token: TokenConnection; readonly audit: AuditLog }, r: ReviewItem, key: TokenKey, requestHex: string, now: Date): ItemSignature[] {
  const signatures: ItemSignature[] = [];
  const records: AuditEntry[] = [];
  try {
    for (const tbs of r.toBeSigned) {
      const signed = sha256Bytes(tbs.data);
      const raw = ctx.token.signRaw(key.privateKey!, key.keyType!, tbs.hash, tbs.data, tbs.hash === 'sha256' ? signed : undefined);
      const signature = tbs.keyKind === 'ec' ? ecdsaRawToDer(raw) : raw;
      records.push({
        event: 'signed',
        request: requestHex,
        item: r.index,
        scheme: tbs.scheme,
        algorithm: tbs.algorithm,
        key: r.fingerprint!,
        signed: toHex(signed),
        signature: sha256Hex(signature),
      });
      signatures.push({ scheme: tbs.scheme, algorithm: tbs.algorithm, signature });
    }
  } finally {
    if (records.length > 0) ctx.audit.appendAll(records, now);
  }
  return signatures;
}

