/**
 * Step 4: the answer (signatures, refusals, why the request was unreadable, or a key's
 * certificate) as animated QR codes, until closed; with the density, codes a picture, speed and full-screen
 * controls of the shared QR display.
 */
import { byId, createQrDisplay, plural, setText, showStep } from '../../protocol/pages/index.ts';
import type { QrDisplay } from '../../protocol/pages/index.ts';
import type { AnswerView } from './view.ts';

let display: QrDisplay | undefined;

function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function setUpAnswer(density: string, codes: number, fps: number): void {
  display = createQrDisplay({ prefix: 'answer', storageKey: 'airsign.signer.answer', density, codes, fps, what: 'The answer' });
}

/** Honest words for each outcome. */
function outcome(answer: AnswerView): string {
  const total = answer.signed + answer.refused;
  if (answer.refused === 0) return `All ${plural(total, 'item')} signed.`;
  if (answer.signed === 0) return `Nothing signed: ${total === 1 ? 'the item was' : `all ${total} items were`} refused.`;
  return `${plural(answer.signed, 'item')} signed, ${answer.refused} refused.`;
}

export function showAnswer(answer: AnswerView): void {
  if (answer.kind === 'error') {
    setText('answer-title', 'The request could not be read');
    setText('answer-summary', `Nothing was signed. Show this answer to the online camera so it learns why.`);
    setText('answer-detail', `${answer.error?.code ?? ''}: ${answer.error?.message ?? ''}`);
  } else if (answer.kind === 'certificate') {
    setText('answer-title', `Certificate of "${answer.certificate?.label ?? ''}"`);
    setText('answer-summary', 'Show this to the online camera: the online page pins it.');
    setText('answer-detail', `SHA-256 ${answer.certificate?.fingerprint ?? ''}: the online page must show the same.`);
  } else {
    setText('answer-title', 'Show this to the online camera');
    setText('answer-summary', outcome(answer));
    setText('answer-detail', answer.audit === undefined ? '' : `Audit log at record ${answer.audit.seq}, head ${answer.audit.head.slice(0, 16)}…`);
  }
  showStep('step-answer', byId('answer-close'));
  display!.show(base64Bytes(answer.transfer), answer.kind === 'certificate' ? 'The certificate message' : undefined);
}

export function toggleAnswerFullScreen(): void {
  display?.toggleFullScreen();
}

export function stopAnswer(): void {
  display?.stop();
}
