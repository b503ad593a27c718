/**
 * The signer page: scan a request → review it → type the count → PIN → sign (or refuse, as its
 * own act) → show the answer until closed → scan the next. A request scanned again after its
 * answer was shown offers that answer again. The server holds the state
 * (offline/serve/signing-desk.ts); a reload picks up where it was. Keyboard: Enter acts on the
 * focused control, Escape backs out of a step and never refuses, F toggles full screen on the answer.
 */
import { initFountain } from '../../protocol/fountain/index.ts';
import { ApiError, api } from './api.ts';
import { setUpAnswer, showAnswer, stopAnswer, toggleAnswerFullScreen } from './answer-step.ts';
import { byId, el, plural, setAlert, setText, showStep } from '../../protocol/pages/index.ts';
import { askPin } from './pin-step.ts';
import { reviewEscape, setUpReview, showReview } from './review-step.ts';
import { restartScan, scanRequest, stopScan } from './scan-step.ts';
import type { AgainView, ReviewView, StateView, TokenView } from './view.ts';

let state: StateView;
let review: ReviewView | undefined;
let again: AgainView | undefined;
let busy = false;

function showToken(token: TokenView): void {
  const keys = token.keys.length === 1 ? '1 key' : `${token.keys.length} keys`;
  setText('token-status', `Token "${token.label}", ${keys}: ${token.loggedIn ? 'logged in' : 'not logged in'}`);
}

function failed(where: string, error: unknown): void {
  setAlert(where, error instanceof Error ? error.message : String(error));
}

async function refreshToken(): Promise<void> {
  state = await api.state();
  showToken(state.token);
}

function showAgain(view: AgainView): void {
  again = view;
  setText('again-summary', `Request ${view.requestShort}: ${plural(view.signed, 'item')} signed, ${view.refused} refused.`);
  showStep('step-again', byId('again-show'));
}

async function scanLoop(): Promise<void> {
  review = undefined;
  again = undefined;
  const transfer = await scanRequest();
  const taken = await api.request(transfer).catch((error: unknown) => {
    failed('page-error', error);
    return undefined;
  });
  if (taken === undefined) return scanLoop();
  if ('answer' in taken) return showAnswer(taken.answer);
  if ('again' in taken) return showAgain(taken.again);
  review = taken.review;
  showReview(taken.review);
}

async function sign(confirm: number): Promise<void> {
  if (review === undefined || busy) return;
  busy = true;
  const under = review;
  try {
    // The token is logged out after every batch: each decision to sign takes the PIN.
    if (!state.token.loggedIn) {
      const token = await new Promise<TokenView | undefined>((resolve) => {
        askPin(state.token, `Sign ${plural(confirm, 'item')} of request ${under.requestShort}.`, () => resolve(undefined)).then(resolve);
      });
      if (token === undefined) {
        showReview(under);
        return;
      }
      showToken(token);
    }
    const answer = await api.sign(under.requestDigest, confirm);
    review = undefined;
    await refreshToken();
    showAnswer(answer);
  } catch (error) {
    await refreshToken().catch(() => {});
    showReview(under);
    failed('review-error', error);
  } finally {
    busy = false;
  }
}

async function refuse(): Promise<void> {
  if (review === undefined || busy) return;
  busy = true;
  try {
    const answer = await api.refuse(review.requestDigest);
    review = undefined;
    showAnswer(answer);
  } catch (error) {
    failed('review-error', error);
  } finally {
    busy = false;
  }
}

async function closeAnswer(): Promise<void> {
  stopAnswer();
  if (document.fullscreenElement !== null) await document.exitFullscreen().catch(() => {});
  state = await api.close();
  showToken(state.token);
  void scanLoop();
}

function backToScan(): void {
  stopScan();
  api.close().then(() => void scanLoop(), (error: unknown) => failed('page-error', error));
}

function showCertificates(): void {
  stopScan();
  const list = byId('certs-list');
  list.replaceChildren(
    ...state.certificates.map((c) => {
      const button = el('button', { text: `${c.label}: SHA-256 ${c.fingerprint.slice(0, 16)}…` });
      button.type = 'button';
      button.onclick = () => api.certificate(c.fingerprint).then(showAnswer, (error: unknown) => failed('page-error', error));
      return button;
    }),
  );
  if (state.certificates.length === 0) list.replaceChildren(el('p', { text: 'No key on this token has a certificate.' }));
  showStep('step-certs', (list.querySelector('button') as HTMLElement | null) ?? byId('certs-back'));
}

function onKey(event: KeyboardEvent): void {
  const step = document.body.dataset.step;
  if (event.key === 'Escape') {
    event.preventDefault();
    switch (step) {
      case 'step-scan':
        return restartScan();
      case 'step-review':
        return reviewEscape();
      case 'step-again':
      case 'step-certs':
        return backToScan();
      case 'step-pin':
        return byId('pin-cancel').click();
      case 'step-answer':
        return void closeAnswer();
    }
  } else if ((event.key === 'f' || event.key === 'F') && step === 'step-answer' && !(event.target instanceof HTMLSelectElement)) {
    event.preventDefault();
    toggleAnswerFullScreen();
  }
}

/** The launch secret in the address (after "#") buys this browser its cookie; then it leaves the address. */
async function openSession(): Promise<void> {
  const launch = /^#launch=([A-Za-z0-9_-]+)$/.exec(location.hash)?.[1];
  if (launch === undefined) return;
  history.replaceState(null, '', location.pathname);
  await api.open(launch).catch((error: unknown) => {
    // Spent already (a reload of the same tab): the cookie this tab holds still works.
    if (!(error instanceof ApiError && error.code === 'NOT_LAUNCHED')) throw error;
  });
}

async function boot(): Promise<void> {
  // The fountain code's wasm, like zxing's, is one of this page's own files.
  initFountain(new Uint8Array(await (await fetch('/assets/raptorq_bg.wasm')).arrayBuffer()));
  await openSession();
  state = await api.state().catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'NOT_THIS_PAGE') throw new Error('This page is not the one the signer opened: open the address airsign-signer serve printed (restart it for a new one).');
    throw error;
  });
  showToken(state.token);
  setUpAnswer(state.density, state.codes, state.fps);
  setUpReview({ sign: (n) => void sign(n), refuse: () => void refuse(), discard: backToScan });
  byId('scan-restart').onclick = restartScan;
  byId('scan-certs').onclick = showCertificates;
  byId('certs-back').onclick = backToScan;
  byId('again-show').onclick = () => {
    if (again !== undefined) api.again(again.requestDigest).then(showAnswer, (error: unknown) => failed('page-error', error));
  };
  byId('again-scan').onclick = backToScan;
  byId('answer-close').onclick = () => void closeAnswer();
  document.addEventListener('keydown', onKey);
  window.addEventListener('pagehide', () => {
    stopScan();
    stopAnswer();
  });
  if (state.answer !== undefined) return showAnswer(state.answer);
  if (state.again !== undefined) return showAgain(state.again);
  if (state.review !== undefined) {
    review = state.review;
    return showReview(state.review);
  }
  await scanLoop();
}

boot().catch((error: unknown) => failed('page-error', error));
