/**
 * The online operator page: show the request → scan the answer → results → the next request, if
 * a round follows. The server holds the sessions; the page holds only what it shows. Keyboard:
 * Enter acts on the focused button, Escape goes back from scanning, F toggles full screen.
 */
import { initFountain } from '../../../protocol/fountain/index.ts';
import { byId, setAlert, setText, showStep } from '../../../protocol/pages/index.ts';
import { ApiError, api } from './api.ts';
import { showResults } from './results-step.ts';
import { scanAnswer, stopScan } from './scan-step.ts';
import { setUpControls, showRequest, stopShow, toggleFullScreen } from './show-step.ts';
import type { RequestView } from './view.ts';

let requests: readonly RequestView[] = [];
let polling: ReturnType<typeof setTimeout> | undefined;

/** With nothing open (a server between batches), look again every few seconds. */
function waitForWork(): void {
  showStep('step-idle', byId('idle-title'));
  polling = setTimeout(() => {
    polling = undefined;
    api.state().then(
      (state) => {
        requests = state.requests;
        if (document.body.dataset.step === 'step-idle') showFirst();
      },
      () => waitForWork(),
    );
  }, 3000);
}

function showFirst(): void {
  if (polling !== undefined) clearTimeout(polling);
  polling = undefined;
  const first = requests[0];
  if (first === undefined) return waitForWork();
  showRequest(first, 0, requests.length);
}

async function scan(error?: string): Promise<void> {
  stopShow();
  const transfer = await scanAnswer(error);
  try {
    const outcome = await api.response(transfer);
    requests = outcome.requests;
    showResults(outcome);
  } catch (e) {
    const why = e instanceof ApiError ? `That answer was refused: ${e.code}: ${e.message}` : String(e);
    return scan(why);
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
  requests = state.requests;
  byId('show-scan').onclick = () => void scan();
  byId('show-full').onclick = toggleFullScreen;
  byId('scan-back').onclick = () => {
    stopScan();
    showFirst();
  };
  byId('results-next').onclick = showFirst;
  document.addEventListener('keydown', onKey);
  window.addEventListener('pagehide', () => {
    stopScan();
    stopShow();
  });
  showFirst();
}

boot().catch((error: unknown) => setAlert('page-error', error instanceof Error ? error.message : String(error)));
