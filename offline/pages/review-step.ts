/**
 * Step 2: what would be signed, item by item, with the policy's verdict, and the batch totals.
 * Every name here came from the request, so it is set as text only.
 */
import { byId, el, plural, setAlert, setText, showStep } from '../../protocol/pages/index.ts';
import type { ItemView, ReviewView } from './view.ts';

function row(item: ItemView): HTMLTableRowElement {
  const verdict = item.verdict.allowed
    ? el('td', { className: 'verdict-sign', text: '✓ Sign' })
    : el('td', { className: 'verdict-refuse', text: `✗ Refuse: ${item.verdict.reason.replaceAll('_', ' ').toLowerCase()}` }, el('span', { className: 'detail', text: item.verdict.detail }));
  const sha = el('td', { className: 'mono', text: item.sha256Short });
  sha.title = item.sha256;
  return el(
    'tr',
    {},
    el('td', { text: String(item.index + 1) }),
    el('td', {}, el('strong', { text: item.name }), el('span', { className: 'detail', text: item.artifact === 'apk' ? 'APK' : 'F-Droid index JAR' })),
    el('td', { className: 'mono', text: String(item.versionCode) }),
    el('td', { className: 'free', text: item.versionName }),
    sha,
    el('td', {}, document.createTextNode(item.key), el('span', { className: 'detail mono', text: item.keyFingerprint ?? '' })),
    el('td', { className: 'nowrap', text: item.schemes.join(' + ') }),
    verdict,
  );
}

function totals(review: ReviewView): HTMLElement {
  const t = review.totals;
  const lines = [
    ...t.keys.map((k) => el('li', { text: `key ${k.key}: ${plural(k.items, 'item')}` })),
    ...t.reasons.map((r) => el('li', { text: `refused ${r.reason}: ${plural(r.items, 'item')}` })),
  ];
  return el('div', {}, el('strong', { text: `${plural(t.total, 'item')}: ${t.toSign} to sign, ${t.refused} refused by the policy.` }), el('ul', {}, ...lines));
}

export function showReview(review: ReviewView): void {
  const issued = new Date(review.issuedAt * 1000).toISOString().replace('.000Z', 'Z');
  const age = review.reviewedAt - review.issuedAt;
  setText('review-title', `Review request ${review.requestShort}`);
  setText('review-meta', `Issued ${issued} (${age >= 0 ? `${age} s ago` : `${-age} s in the future`}).`);
  byId('review-table').querySelector('tbody')!.replaceChildren(...review.items.map(row));
  byId('review-totals').replaceChildren(totals(review));
  setAlert('review-error', undefined);
  const sign = byId<HTMLButtonElement>('review-sign');
  sign.disabled = review.totals.toSign === 0;
  sign.firstChild!.textContent = review.totals.toSign === 0 ? 'Nothing to sign ' : `Sign ${plural(review.totals.toSign, 'item')} `;
  showStep('step-review', review.totals.toSign === 0 ? byId('review-refuse') : sign);
}
