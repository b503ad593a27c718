/**
 * Step 2: review by exception. The items the signer's own state marks for a look (refused, a new
 * package or key, a version jump, index JARs) come first and in full; the routine ones (the next
 * version of a package this key has signed) are a counted group that opens on demand. Each item
 * shows the digest its signature covers, marked "signed", beside the request's claims. Signing
 * takes the number of items, typed: neither Enter alone nor a held key can sign.
 * Every name here came from the request, so it is set as text only.
 */
import { byId, el, plural, setAlert, setText, showStep } from '../../protocol/pages/index.ts';
import type { GroupView, ItemView, ReviewView } from './view.ts';

export interface ReviewActions {
  /** The operator typed the count and confirmed. */
  sign(confirm: number): void;
  refuse(): void;
  discard(): void;
}

let current: ReviewView | undefined;
let actions: ReviewActions | undefined;

function itemCard(item: ItemView): HTMLElement {
  const refused = !item.verdict.allowed;
  const head = el('span', { className: 'head', text: `#${item.index + 1} ${item.name} ${item.order} (${item.version})${item.note === '' ? '' : `, ${item.note}`}` });
  const why = el('span', { className: 'why', text: refused ? `✗ Refused: ${item.why}` : `${item.group === 'routine' ? '✓' : '!'} ${item.why}` });
  const signed = el('span', { className: 'signed' });
  for (const d of item.signed) {
    const digest = el('span', { className: 'mono', text: d.short });
    digest.title = d.hex;
    signed.append(el('span', { className: 'mark', text: refused ? 'not signed, would cover ' : 'signed ' }), document.createTextNode(`${d.what} `), digest, document.createTextNode(' '));
  }
  const claims = el('span', { className: 'claims', text: `claims: artifact SHA-256 ${item.sha256Short}, key ${item.key} (${item.keyFingerprint ?? '?'}), ${item.schemes.join(' + ')}` });
  claims.title = item.sha256;
  const asserted = item.asserted.map((a) => el('span', { className: 'signed', text: `${refused ? 'not signed, would cover' : 'signed'} Release ${a.what}: ${a.value}` }));
  const extra = item.claims.map((c) => el('span', { className: 'claims', text: `claimed ${c.what}: ${c.value}` }));
  // An APK's name and version are facts only when the signer proved them from its manifest.
  const proven = item.proven === undefined
    ? (item.artifact === 'apk' ? [el('span', { className: 'claims', text: 'package and versionCode claimed by the online side (no manifest proof)' })] : [])
    : item.proven.map((p) => el('span', { className: 'proven', text: `proven ${p.what}: ${p.value}` }));
  const vouch = (item.vouch ?? []).map((line) => el('span', { className: 'claims', text: line }));
  const card = el('li', { className: `item${refused ? ' refused' : ''}` }, head, why, signed, ...asserted, claims, ...extra, ...proven, ...vouch);
  card.dataset.index = String(item.index);
  return card;
}

function group(g: GroupView, items: readonly ItemView[]): HTMLElement {
  const list = el('ul', { className: 'routine-list' }, ...g.items.map((i) => itemCard(items[i]!)));
  const section = el('section', { className: `group ${g.kind}` });
  section.dataset.group = g.kind;
  if (g.kind !== 'routine') {
    section.append(el('h3', { text: `${g.title}: ${plural(g.items.length, 'item')}` }), list);
    return section;
  }
  list.id = 'routine-list';
  list.hidden = true;
  const toggle = el('button', { className: 'toggle' });
  toggle.type = 'button';
  toggle.id = 'routine-toggle';
  toggle.setAttribute('aria-controls', 'routine-list');
  const label = () => {
    toggle.setAttribute('aria-expanded', String(!list.hidden));
    toggle.textContent = `${list.hidden ? 'Show' : 'Hide'} the ${plural(g.items.length, 'routine item')}`;
  };
  toggle.onclick = () => {
    list.hidden = !list.hidden;
    label();
  };
  label();
  section.append(el('h3', { text: `${g.title}: ${plural(g.items.length, 'item')}` }), toggle, list);
  return section;
}

function totals(review: ReviewView): HTMLElement {
  const t = review.totals;
  const exceptions = review.groups.filter((g) => g.kind !== 'routine' && g.kind !== 'refused').reduce((n, g) => n + g.items.length, 0);
  const lines = [
    el('li', { text: `${exceptions} to look at, ${t.total - exceptions - t.refused} routine` }),
    ...t.keys.map((k) => el('li', { text: `key ${k.key}: ${plural(k.items, 'item')}` })),
    ...t.reasons.map((r) => el('li', { text: `refused ${r.reason}: ${plural(r.items, 'item')}` })),
  ];
  return el('div', {}, el('strong', { text: `${plural(t.total, 'item')}: ${t.toSign} to sign, ${t.refused} refused by the policy.` }), el('ul', {}, ...lines));
}

function confirmState(): void {
  const review = current!;
  const input = byId<HTMLInputElement>('review-confirm');
  const ok = input.value.trim() === String(review.totals.toSign);
  byId<HTMLButtonElement>('review-sign').disabled = !ok;
  setText('review-confirm-hint', ok ? `Enter signs ${plural(review.totals.toSign, 'item')}.` : `Type ${review.totals.toSign}, then Enter, to sign ${plural(review.totals.toSign, 'item')}.`);
}

function showRefuseConfirm(open: boolean): void {
  byId('review-refuse-confirm').hidden = !open;
  if (open) {
    setText('review-refuse-text', `Refuse all ${plural(current!.totals.total, 'item')}? Each is answered OPERATOR_REFUSED and logged.`);
    byId('review-refuse-no').focus();
  }
}

/** Escape on the review: closes the refusal question or the routine group; it never refuses. */
export function reviewEscape(): void {
  if (!byId('review-refuse-confirm').hidden) {
    showRefuseConfirm(false);
    byId('review-refuse').focus();
  }
}

export function setUpReview(a: ReviewActions): void {
  actions = a;
  const input = byId<HTMLInputElement>('review-confirm');
  input.oninput = confirmState;
  byId<HTMLFormElement>('review-confirm-form').onsubmit = (event) => {
    event.preventDefault();
    // A held or repeated key repeats one character; only the typed count signs.
    if (current === undefined || input.value.trim() !== String(current.totals.toSign) || current.totals.toSign === 0) return confirmState();
    input.value = '';
    confirmState();
    actions?.sign(current.totals.toSign);
  };
  byId('review-refuse').onclick = () => showRefuseConfirm(true);
  byId('review-refuse-no').onclick = () => {
    showRefuseConfirm(false);
    byId('review-refuse').focus();
  };
  byId('review-refuse-yes').onclick = () => {
    showRefuseConfirm(false);
    actions?.refuse();
  };
  byId('review-discard').onclick = () => actions?.discard();
}

export function showReview(review: ReviewView): void {
  current = review;
  const issued = new Date(review.issuedAt * 1000).toISOString().replace('.000Z', 'Z');
  const age = review.reviewedAt - review.issuedAt;
  setText('review-title', `Review request ${review.requestShort}`);
  setText('review-meta', `Issued ${issued} (${age >= 0 ? `${age} s ago` : `${-age} s in the future`}). Exceptions first; "signed" marks the digest each signature covers.`);
  byId('review-list').replaceChildren(...review.groups.map((g) => group(g, review.items)));
  byId('review-list').scrollTop = 0;
  byId('review-totals').replaceChildren(totals(review));
  setAlert('review-error', undefined);
  showRefuseConfirm(false);
  const input = byId<HTMLInputElement>('review-confirm');
  input.value = '';
  const none = review.totals.toSign === 0;
  byId('review-confirm-form').hidden = none;
  setText('review-confirm-label', `To sign, type the number of items: ${review.totals.toSign}`);
  byId('review-sign').textContent = `Sign ${plural(review.totals.toSign, 'item')}`;
  confirmState();
  if (none) setText('review-confirm-hint', '');
  showStep('step-review', none ? byId('review-discard') : input);
}
