/** Step 3: what became of each artifact of the answered session, and the checks it passed. */
import { byId, el, plural, setText, showStep } from '../../../protocol/pages/index.ts';
import type { ArtifactResultView, ResponseOutcome } from './view.ts';

const RESULT_TEXT: Record<ArtifactResultView['outcome'], string> = {
  signed: '✓ signed and verified',
  'next round': '→ next round',
  failed: '✗ failed',
  waiting: '… waiting',
};

function row(a: ArtifactResultView): HTMLTableRowElement {
  const result = el('td', { className: a.outcome === 'signed' ? 'signed' : a.outcome === 'failed' ? 'failed' : '', text: RESULT_TEXT[a.outcome] });
  if (a.failure !== undefined) result.append(el('span', { className: 'detail', text: `${a.failure.code}: ${a.failure.message}` }));
  if (a.output !== undefined) result.append(el('span', { className: 'detail mono', text: a.output }));
  if (a.next !== undefined) result.append(el('span', { className: 'detail', text: a.next }));
  return el(
    'tr',
    {},
    el('td', { text: a.fileName }),
    el('td', { text: a.name === undefined ? '' : `${a.name} ${a.versionCode ?? ''}` }),
    el('td', { text: a.round }),
    result,
    el('td', {}, el('ul', { className: 'checks' }, ...a.checks.map((c) => el('li', { className: c.ok ? 'ok' : 'no', text: c.what })))),
  );
}

/** Resolves when the operator moves on (only offered when a request is open). */
export function showResults(outcome: ResponseOutcome): void {
  setText('results-title', `Session ${outcome.session}: ${plural(outcome.signed, 'item')} signed, ${outcome.refused} refused`);
  const audit = outcome.audit === undefined ? '' : `The offline audit log is at record ${outcome.audit.seq} (head ${outcome.audit.head.slice(0, 16)}…).`;
  setText('results-meta', `${outcome.taken ? '' : 'This answer had been taken in before; nothing changed. '}${audit}`);
  byId('results-table').querySelector('tbody')!.replaceChildren(...outcome.artifacts.map(row));
  const next = byId<HTMLButtonElement>('results-next');
  const more = outcome.requests.length;
  next.hidden = more === 0;
  setText('results-next-note', more === 0 ? 'Nothing more to sign in this session: the signed files are in its out/ directory.' : `${plural(more, 'request')} open: ${more === 1 ? 'a next round' : 'next rounds'} to carry to the signer.`);
  showStep('step-results', more === 0 ? byId('results-title') : next);
}
