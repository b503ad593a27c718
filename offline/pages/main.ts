/**
 * The signer page: scan a request → review it → (PIN) → sign or refuse → show the answer until
 * closed → scan the next. The server holds the state (offline/serve/signing-desk.ts); a reload
 * picks up where it was. Keyboard: Enter acts on the focused button, Escape backs out of a step.
 */
import { initFountain } from '../../protocol/fountain/index.ts';
import { ApiError, api } from './api.ts';
import { showAnswer, stopAnswer } from './answer-step.ts';
import { byId, setAlert, setText } from '../../protocol/pages/index.ts';
import { askPin } from './pin-step.ts';
import { showReview } from './review-step.ts';
import { restartScan, scanRequest, stopScan } from './scan-step.ts';
import type { ReviewView, StateView, TokenView } from './view.ts';

let state: StateView;
let review: ReviewView | undefined;
let busy = false;

function showToken(token: TokenView): void {
  const keys = token.keys.length === 1 ? '1 key' : `${token.keys.length} keys`;
  setText('token-status', `Token "${token.label}", ${keys}: ${token.loggedIn ? 'logged in' : 'not logged in'}`);
}

function failed(where: string, error: unknown): void {
  setAlert(where, error instanceof Error ? error.message : String(error));
}

async function scanLoop(): Promise<void> {
  review = undefined;
  const transfer = await scanRequest();
  const taken = await api.request(transfer).catch((error: unknown) => {
    failed('page-error', error);
    return undefined;
  });
  if (taken === undefined) return scanLoop();
  if ('answer' in taken) return showAnswer(taken.answer, state.density, state.fps);
  review = taken.review;
  showReview(taken.review);
}

async function decide(approve: boolean): Promise<void> {
  if (review === undefined || busy) return;
  busy = true;
  try {
    if (approve && !state.token.loggedIn) {
      const token = await new Promise<TokenView | undefined>((resolve) => {
        askPin(state.token, () => resolve(undefined)).then(resolve);
      });
      if (token === undefined) {
        showReview(review);
        return;
      }
      state = { ...state, token };
      showToken(token);
    }
    const answer = await api.decide(review.requestDigest, approve);
    review = undefined;
    showAnswer(answer, state.density, state.fps);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'PIN_MISSING') state = { ...state, token: { ...state.token, loggedIn: false } };
    showReview(review!);
    failed('review-error', error);
  } finally {
    busy = false;
  }
}

async function closeAnswer(): Promise<void> {
  stopAnswer();
  state = await api.close();
  showToken(state.token);
  void scanLoop();
}

function discardReview(): void {
  api.close().then(() => void scanLoop(), (error: unknown) => failed('review-error', error));
}

function onEscape(): void {
  switch (document.body.dataset.step) {
    case 'step-scan':
      return restartScan();
    case 'step-review':
      return void decide(false);
    case 'step-pin':
      return byId('pin-cancel').click();
    case 'step-answer':
      return void closeAnswer();
  }
}

async function boot(): Promise<void> {
  // The fountain code's wasm, like zxing's, is one of this page's own files.
  initFountain(new Uint8Array(await (await fetch('/assets/raptorq_bg.wasm')).arrayBuffer()));
  state = await api.state();
  showToken(state.token);
  byId('scan-restart').onclick = restartScan;
  byId('review-sign').onclick = () => void decide(true);
  byId('review-refuse').onclick = () => void decide(false);
  byId('review-discard').onclick = discardReview;
  byId('answer-close').onclick = () => void closeAnswer();
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onEscape();
    }
  });
  window.addEventListener('pagehide', () => {
    stopScan();
    stopAnswer();
  });
  if (state.answer !== undefined) return showAnswer(state.answer, state.density, state.fps);
  if (state.review !== undefined) {
    review = state.review;
    return showReview(state.review);
  }
  await scanLoop();
}

boot().catch((error: unknown) => failed('page-error', error));
