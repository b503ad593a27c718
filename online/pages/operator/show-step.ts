/**
 * Step 1: the request as animated QR codes, as large as the screen allows, through the shared QR
 * display (density that fits the message unless the operator chose one, speed, full screen, frame
 * counter). Beside it, in its own scrolling list, each item with the digest the signer will show
 * as "signed" and the key's fingerprint, so the two screens can be compared side by side.
 */
import { byId, createQrDisplay, el, plural, setText, showStep } from '../../../protocol/pages/index.ts';
import type { QrDisplay } from '../../../protocol/pages/index.ts';
import type { OperatorState, RequestItemView, RequestView } from './view.ts';

let display: QrDisplay | undefined;

function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function setUpControls(state: OperatorState): void {
  display = createQrDisplay({ prefix: 'show', storageKey: 'airsign.online.request', density: state.density, codes: state.codes, fps: state.fps, what: 'The request' });
}

function itemLine(i: RequestItemView): HTMLLIElement {
  const signed = el('span', { className: 'signed' }, el('span', { className: 'mark', text: 'signed ' }), document.createTextNode(`${i.signedWhat} `), el('span', { className: 'mono', text: i.signedShort }));
  return el(
    'li',
    {},
    el('strong', { text: `${i.name} ${i.versionCode}` }),
    document.createTextNode(` (${i.versionName}), ${i.fileName}, ${i.schemes.join('+')}, round ${i.round}`),
    el('br'),
    signed,
    document.createTextNode(', key '),
    el('span', { className: 'mono', text: i.keyFingerprint }),
    ...i.claims.flatMap((c) => [el('br'), el('span', { className: 'claim', text: `claimed ${c.what}: ${c.value}` })]),
  );
}

export function showRequest(request: RequestView, index: number, total: number): void {
  setText('show-summary', `${total > 1 ? `Request ${index + 1} of ${total}: ` : ''}${plural(request.items.length, 'artifact')}, request ${request.digestShort}`);
  byId('show-items').replaceChildren(...request.items.map(itemLine));
  byId('show-items').scrollTop = 0;
  showStep('step-show', byId('show-scan'));
  display!.show(base64Bytes(request.transfer));
}

export function stopShow(): void {
  display?.stop();
  if (document.fullscreenElement !== null) void document.exitFullscreen().catch(() => {});
}

export function toggleFullScreen(): void {
  display?.toggleFullScreen();
}
