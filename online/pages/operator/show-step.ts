/**
 * Step 1: the request as animated QR codes, as large as the screen allows, with the density and
 * the speed the operator may change (defaults from the link benchmark, given by the server).
 */
import { byId, el, plural, setText, showStep, showTransfer } from '../../../protocol/pages/index.ts';
import type { TransferShow } from '../../../protocol/pages/index.ts';
import type { OperatorState, RequestView } from './view.ts';

let showing: TransferShow | undefined;
let ticker: ReturnType<typeof setInterval> | undefined;
let current: { request: RequestView; index: number; total: number } | undefined;

function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function selected(id: string): string {
  return byId<HTMLSelectElement>(id).value;
}

/** Fills the density and speed choices once; changing either restarts the show. */
export function setUpControls(state: OperatorState): void {
  const density = byId<HTMLSelectElement>('show-density');
  const fps = byId<HTMLSelectElement>('show-fps');
  density.replaceChildren(...state.densities.map((d) => Object.assign(el('option', { text: d === state.density ? `${d} (default)` : d }), { value: d })));
  fps.replaceChildren(...state.fpsChoices.map((f) => Object.assign(el('option', { text: f === state.fps ? `${f} (default)` : String(f) }), { value: String(f) })));
  density.value = state.density;
  fps.value = String(state.fps);
  const restart = () => {
    if (current !== undefined) play(current.request);
  };
  density.onchange = restart;
  fps.onchange = restart;
}

function play(request: RequestView): void {
  stopShow();
  const density = selected('show-density');
  const fps = Number(selected('show-fps'));
  const show = showTransfer(byId<HTMLCanvasElement>('show-canvas'), base64Bytes(request.transfer), density, fps);
  showing = show;
  const frames = () => setText('show-frames', `Frame ${show.shown} on screen. The request (${request.bytes} bytes) fits in ${plural(show.sourceSymbols, 'frame')} of ${density} density; ${fps} shown a second.`);
  frames();
  ticker = setInterval(frames, 1000);
}

export function showRequest(request: RequestView, index: number, total: number): void {
  current = { request, index, total };
  const artifacts = plural(request.items.length, 'artifact');
  setText('show-summary', `${total > 1 ? `Request ${index + 1} of ${total}: ` : ''}${artifacts}, request ${request.digestShort}`);
  byId('show-items').replaceChildren(
    ...request.items.map((i) => el('li', { text: `${i.fileName}: ${i.name} ${i.versionCode} (${i.versionName}), ${i.schemes.join('+')}, round ${i.round}` })),
  );
  showStep('step-show', byId('show-scan'));
  play(request);
}

export function stopShow(): void {
  showing?.stop();
  showing = undefined;
  if (ticker !== undefined) clearInterval(ticker);
  ticker = undefined;
}

export function toggleFullScreen(): void {
  if (document.fullscreenElement !== null) void document.exitFullscreen();
  else void document.documentElement.requestFullscreen().catch(() => {});
}
