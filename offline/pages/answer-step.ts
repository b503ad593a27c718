/** Step 4: the answer (signatures, refusals, or why the request was unreadable) as animated QR codes, until closed. */
import { byId, plural, setText, showStep, showTransfer } from '../../protocol/pages/index.ts';
import type { TransferShow } from '../../protocol/pages/index.ts';
import type { AnswerView } from './view.ts';

let showing: TransferShow | undefined;
let ticker: ReturnType<typeof setInterval> | undefined;

function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function showAnswer(answer: AnswerView, density: string, fps: number): void {
  stopAnswer();
  if (answer.kind === 'error') {
    setText('answer-title', 'The request could not be read');
    setText('answer-summary', `Nothing was signed. Show this answer to the online camera so it learns why.`);
    setText('answer-detail', `${answer.error?.code ?? ''}: ${answer.error?.message ?? ''}`);
  } else {
    setText('answer-title', 'Show this to the online camera');
    setText('answer-summary', `${plural(answer.signed, 'item')} signed, ${answer.refused} refused.`);
    setText('answer-detail', answer.audit === undefined ? '' : `Audit log at record ${answer.audit.seq}, head ${answer.audit.head.slice(0, 16)}…`);
  }
  showStep('step-answer', byId('answer-close'));
  const show = showTransfer(byId<HTMLCanvasElement>('answer-canvas'), base64Bytes(answer.transfer), density, fps);
  showing = show;
  const frames = () => setText('answer-frames', `Frame ${show.shown} on screen. The answer fits in ${plural(show.sourceSymbols, 'frame')} of ${density} density; ${fps} shown a second.`);
  frames();
  ticker = setInterval(frames, 1000);
}

export function stopAnswer(): void {
  showing?.stop();
  showing = undefined;
  if (ticker !== undefined) clearInterval(ticker);
  ticker = undefined;
}
