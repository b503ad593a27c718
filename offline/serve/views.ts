/** The review and the answer as the page shows them (offline/pages/view.ts). */
import { toHex } from '../../protocol/bytes.ts';
import type { Message } from '../../protocol/messages/index.ts';
import { shortDigest, summarize } from '../operator/review-text.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { Review, ReviewItem } from '../signing/review.ts';
import type { AnswerView, ItemView, ReviewView, TokenView } from '../pages/view.ts';

function itemView(r: ReviewItem): ItemView {
  return {
    index: r.index,
    name: r.item.name,
    artifact: r.item.artifact,
    versionCode: r.item.versionCode,
    versionName: r.item.versionName,
    sha256Short: shortDigest(r.item.sha256),
    sha256: toHex(r.item.sha256),
    key: r.key?.label ?? 'unknown',
    keyFingerprint: r.fingerprint?.slice(0, 8),
    schemes: r.item.schemes,
    verdict: r.verdict.allowed ? { allowed: true } : { allowed: false, reason: r.verdict.reason, detail: r.verdict.detail },
  };
}

export function reviewView(review: Review): ReviewView {
  const s = summarize(review);
  return {
    requestDigest: toHex(review.requestDigest),
    requestShort: shortDigest(review.requestDigest),
    issuedAt: review.request.issuedAt,
    reviewedAt: review.now,
    items: review.items.map(itemView),
    totals: {
      total: s.total,
      toSign: s.toSign,
      refused: s.refused,
      keys: [...s.keys].map(([key, items]) => ({ key, items })),
      reasons: [...s.reasons].map(([reason, items]) => ({ reason, items })),
    },
  };
}

export function answerView(message: Message, transfer: Uint8Array): AnswerView {
  const base = { transfer: Buffer.from(transfer).toString('base64') };
  if (message.kind === 'response') {
    const signed = message.results.filter((r) => r.status === 'signed').length;
    return { ...base, kind: 'response', signed, refused: message.results.length - signed, audit: { seq: message.audit.seq, head: toHex(message.audit.head) } };
  }
  if (message.kind === 'error') return { ...base, kind: 'error', signed: 0, refused: 0, error: { code: message.code, message: message.message } };
  throw new Error(`the signer answers with a response or an error, not a ${message.kind}`);
}

export function tokenView(label: string, loggedIn: boolean, keys: readonly TokenKey[]): TokenView {
  return { label, loggedIn, keys: keys.filter((k) => k.certificate !== undefined).map((k) => k.label) };
}
