/** The review and the answer as the page shows them (offline/pages/view.ts). */
import { fromHex, toHex } from '../../protocol/bytes.ts';
import { itemLabel, itemSignedDigests } from '../../protocol/kinds/index.ts';
import type { ItemLabel } from '../../protocol/kinds/index.ts';
import type { Message, SigningItem } from '../../protocol/messages/index.ts';
import { groupReview } from '../operator/review-groups.ts';
import { extraClaims, shortDigest, signedAssertions, summarize } from '../operator/review-text.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { PolicyState } from '../policy/state.ts';
import type { Review, ReviewItem } from '../signing/review.ts';
import { provenLines } from '../proof/index.ts';
import { vouchLines } from '../vouch/review-lines.ts';
import type { AnswerView, ItemView, ReviewView, SignedDigestView, TokenView } from '../pages/view.ts';

/** What the signature covers, from the item's own fields (the claims beside it are the online side's words). */
export function signedDigests(item: SigningItem): SignedDigestView[] {
  return itemSignedDigests(item).map((d) => ({ what: d.brief, short: shortDigest(fromHex(d.hex)), hex: d.hex }));
}

function labelView(label: ItemLabel): Pick<ItemView, 'order' | 'version' | 'note'> {
  return { order: label.order, version: label.version, note: label.note };
}

function vouchView(r: ReviewItem): { vouch?: string[] } {
  const lines = vouchLines(r.vouch, '');
  return lines.length === 0 ? {} : { vouch: lines };
}

function itemView(r: ReviewItem, group: { kind: string; why: string }): ItemView {
  return {
    index: r.index,
    name: r.item.name,
    artifact: r.item.artifact,
    ...labelView(itemLabel(r.item)),
    sha256Short: shortDigest(r.item.sha256),
    sha256: toHex(r.item.sha256),
    key: r.newKey !== undefined ? `NEW KEY ${r.newKey.alias} (${r.newKey.keyType}, for ${r.newKey.package}), made when signed` : (r.key?.label ?? 'unknown'),
    keyFingerprint: r.fingerprint?.slice(0, 8),
    schemes: r.item.schemes,
    verdict: r.verdict.allowed ? { allowed: true } : { allowed: false, reason: r.verdict.reason, detail: r.verdict.detail },
    signed: signedDigests(r.item),
    claims: extraClaims(r.item),
    ...(r.proven === undefined ? {} : { proven: provenLines(r.proven) }),
    ...vouchView(r),
    asserted: signedAssertions(r.item),
    group: group.kind,
    why: group.why,
  };
}

export function reviewView(review: Review, state: PolicyState): ReviewView {
  const s = summarize(review);
  const groups = groupReview(review, state);
  const byIndex = new Map(groups.flatMap((g) => g.items.map((i) => [i.item.index, { kind: g.kind, why: i.why }] as const)));
  return {
    requestDigest: toHex(review.requestDigest),
    requestShort: shortDigest(review.requestDigest),
    issuedAt: review.request.issuedAt,
    reviewedAt: review.now,
    items: review.items.map((r) => itemView(r, byIndex.get(r.index)!)),
    groups: groups.map((g) => ({ kind: g.kind, title: g.title, items: g.items.map((i) => i.item.index) })),
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
