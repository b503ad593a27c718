/**
 * Step 3: what became of each artifact of the answered session, in words that match the outcome,
 * each signed file by its absolute path and SHA-256, and the checks that ran (a refused item
 * runs none). The results come from the spool, so a reload shows them again.
 */
import { byId, el, plural, setText, showStep } from '../../../protocol/pages/index.ts';
import type { ArtifactResultView, ResponseOutcome } from './view.ts';

const RESULT_TEXT: Record<ArtifactResultView['outcome'], string> = {
  signed: '✓ signed and verified',
  'next round': '→ next round',
  failed: '✗ not signed',
  waiting: '… waiting',
};

function row(a: ArtifactResultView): HTMLTableRowElement {
  const result = el('td', { className: a.outcome === 'signed' ? 'signed' : a.outcome === 'failed' ? 'failed' : '', text: RESULT_TEXT[a.outcome] });
  if (a.failure !== undefined) result.append(el('span', { className: 'detail', text: `${a.failure.code}: ${a.failure.message}` }));
  if (a.output !== undefined) result.append(el('span', { className: 'detail mono', text: a.output }));
  if (a.outputSha256 !== undefined) result.append(el('span', { className: 'detail mono', text: `SHA-256 ${a.outputSha256}` }));
  if (a.next !== undefined) result.append(el('span', { className: 'detail', text: a.next }));
  return el(
    'tr',
    {},
    el('td', { text: a.fileName }),
    el('td', { text: a.name === undefined ? '' : `${a.name} ${a.versionCode ?? ''}` }),
    el('td', { text: a.round }),
    result,
    el('td', {}, el('ul', { className: 'checks' }, ...a.checks.map((c) => el('li', { className: c.result.replace(' ', '-'), text: c.result === 'not run' ? `${c.what} (not run)` : c.what })))),
  );
}

/** The outcome in words: all signed, some refused, none signed, failed after signing. */
export function outcomeWords(outcome: ResponseOutcome): string {
  const failed = outcome.artifacts.filter((a) => a.outcome === 'failed' && a.failure?.code.startsWith('REFUSED_') !== true).length;
  const total = outcome.signed + outcome.refused;
  const parts: string[] = [];
  if (outcome.refused === 0) parts.push(total === 1 ? 'The signer signed the item.' : `The signer signed all ${total} items.`);
  else if (outcome.signed === 0) parts.push(`Nothing was signed: the signer refused ${total === 1 ? 'the item' : `all ${total} items`}.`);
  else parts.push(`The signer signed ${outcome.signed} of ${plural(total, 'item')} and refused ${outcome.refused}.`);
  if (failed > 0) parts.push(`${plural(failed, 'artifact')} failed after the answer: not signed (see why below).`);
  const ready = outcome.artifacts.filter((a) => a.outcome === 'signed').length;
  if (ready > 0) parts.push(`${plural(ready, 'signed file')} ready, at the paths below.`);
  return parts.join(' ');
}

export function showResults(outcome: ResponseOutcome): void {
  setText('results-title', `Results of session ${outcome.session}`);
  setText('results-summary', outcomeWords(outcome));
  const audit = outcome.audit === undefined ? '' : `The offline audit log is at record ${outcome.audit.seq} (head ${outcome.audit.head.slice(0, 16)}…).`;
  const more = outcome.requests.length;
  const next = more === 0 ? ' Nothing more to carry to the signer.' : ` ${plural(more, 'request')} open: ${more === 1 ? 'a next round' : 'next rounds'} to carry to the signer.`;
  setText('results-meta', `${outcome.taken ? '' : 'This answer had been taken in before; nothing changed. '}${audit}${next}`);
  byId('results-table').querySelector('tbody')!.replaceChildren(...outcome.artifacts.map(row));
  const button = byId<HTMLButtonElement>('results-next');
  button.hidden = more === 0;
  showStep('step-results', more === 0 ? byId('results-title') : button);
}
