/**
 * The online operator page: show the request → scan the answer → results → the next request, if
 * a round follows. The server holds the sessions and the results (in the spool); the page holds
 * only what it shows, so a reload shows the last results again until the operator moves on.
 * Keyboard: Enter acts on the focused button, Escape goes back from scanning, F toggles full screen.
 */
import { initFountain } from '../../../protocol/fountain/index.ts';
import { byId, plural, setAlert, setText, showStep } from '../../../protocol/pages/index.ts';
import { ApiError, api } from './api.ts';
import { showResults } from './results-step.ts';
import { scanAnswer, stopScan } from './scan-step.ts';
import { setUpControls, showRequest, stopShow, toggleFullScreen } from './show-step.ts';
import type { OperatorState, RequestView, ResponseOutcome } from './view.ts';

let requests: readonly RequestView[] = [];
let last: ResponseOutcome | undefined;
let failed = 0;
let polling: ReturnType<typeof setTimeout> | undefined;

/** The session whose results the operator has moved on from (this tab only). */
const SEEN = 'airsign.online.results-seen';
const seen = (): string | null => sessionStorage.getItem(SEEN);

function learn(state: OperatorState): void {
  requests = state.requests;
  last = state.last;
  failed = state.failed;
}

/** With nothing open (a server between batches), look again every few seconds. */
function waitForWork(): void {
  setText('idle-text', `Nothing is waiting to be signed.${failed > 0 ? ` ${plural(failed, 'artifact')} ended failed (not signed): see the last results or \`airsign status\`.` : ''} This page shows the next request as soon as there is one.`);
  byId('idle-results').hidden = last === undefined;
  showStep('step-idle', byId('idle-title'));
  polling = setTimeout(() => {
    polling = undefined;
    api.state().then(
      (state) => {
        learn(state);
        if (document.body.dataset.step === 'step-idle') showFirst();
      },
      () => waitForWork(),
    );
  }, 3000);
}

function showFirst(): void {
  if (polling !== undefined) clearTimeout(polling);
  polling = undefined;
  if (last !== undefined) sessionStorage.setItem(SEEN, last.session);
  const first = requests[0];
  if (first === undefined) return waitForWork();
  showRequest(first, 0, requests.length);
}

/** While the answer is taken in: where each artifact is, from the server. */
function watchProgress(): () => void {
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    api.progress().then(
      (p) => {
        if (stopped || p.artifacts.length === 0) return;
        const count = (states: string[]) => p.artifacts.filter((a) => states.includes(a.state)).length;
        setText('scan-status', `Answer read. Of ${plural(p.artifacts.length, 'artifact')}: ${count(['responded'])} waiting, ${count(['checked'])} checked, ${count(['assembled'])} assembled, ${count(['verified', 'ready'])} verified, ${count(['failed'])} not signed.`);
      },
      () => {},
    );
    setTimeout(tick, 500);
  };
  setTimeout(tick, 300);
  return () => {
    stopped = true;
  };
}

async function scan(error?: string): Promise<void> {
  stopShow();
  const transfer = await scanAnswer(error);
  const stopWatching = watchProgress();
  try {
    const outcome = await api.response(transfer);
    requests = outcome.requests;
    last = outcome;
    showResults(outcome);
  } catch (e) {
    const why = e instanceof ApiError ? `That answer was refused: ${e.code}: ${e.message}` : String(e);
    return scan(why);
  } finally {
    stopWatching();
  }
}

/** A key's certificate from the signer's screen: scanned, pinned, its SHA-256 shown to compare. */
async function scanCertificate(error?: string): Promise<void> {
  if (polling !== undefined) clearTimeout(polling);
  polling = undefined;
  stopShow();
  const transfer = await scanAnswer(error, 'a certificate');
  try {
    const pinned = await api.certificate(transfer);
    setText('pinned-label', `${pinned.label} (${pinned.subject}), valid until ${pinned.notAfter}`);
    setText('pinned-sha', `SHA-256 ${pinned.sha256}`);
    setText('pinned-meta', 'Requests for this key name it by this fingerprint.');
    showStep('step-pinned', byId('pinned-done'));
  } catch (e) {
    return scanCertificate(e instanceof ApiError ? `That was not a certificate to pin: ${e.code}: ${e.message}` : String(e));
  }
}

function onKey(event: KeyboardEvent): void {
  const step = document.body.dataset.step;
  if (event.key === 'Escape' && step === 'step-scan') {
    event.preventDefault();
    stopScan();
    showFirst();
  } else if ((event.key === 'f' || event.key === 'F') && !(event.target instanceof HTMLSelectElement) && step === 'step-show') {
    event.preventDefault();
    toggleFullScreen();
  }
}

async function boot(): Promise<void> {
  // The fountain code's wasm, like zxing's, is one of this page's own files.
  initFountain(new Uint8Array(await (await fetch('assets/raptorq_bg.wasm')).arrayBuffer()));
  const state = await api.state();
  setText('title', state.title);
  setUpControls(state);
  learn(state);
  byId('show-scan').onclick = () => void scan();
  byId('scan-back').onclick = () => {
    stopScan();
    showFirst();
  };
  byId('results-next').onclick = showFirst;
  byId('idle-cert').onclick = () => void scanCertificate();
  byId('show-cert').onclick = () => void scanCertificate();
  byId('pinned-done').onclick = () => {
    api.state().then((state) => {
      learn(state);
      showFirst();
    }, showFirst);
  };
  byId('idle-results').onclick = () => {
    if (last !== undefined) showResults(last);
  };
  document.addEventListener('keydown', onKey);
  window.addEventListener('pagehide', () => {
    stopScan();
    stopShow();
  });
  // A reload shows the last results again, until the operator has moved on from them.
  if (last !== undefined && seen() !== last.session) return showResults(last);
  showFirst();
}

boot().catch((error: unknown) => setAlert('page-error', error instanceof Error ? error.message : String(error)));
