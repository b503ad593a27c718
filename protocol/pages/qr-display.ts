/**
 * The QR display both pages have, in one place: a transfer played on a canvas inside a "stage"
 * (the codes and the frame counter; full screen shows the stage alone), with the density, the
 * codes a picture and the speed the operator may change. The density follows the message
 * (auto-density.ts) unless the operator chose one, here or on the command line; the codes a
 * picture are DEFAULT_CODES_PER_FRAME unless chosen (a message that fits in one picture's codes is
 * shown as one code, as large as it can be); a choice made here is remembered per page.
 * Elements, by prefix P: P-stage, P-canvas, P-frames, P-density, P-codes, P-fps, P-full.
 */
import { DEFAULT_DENSITY, densityByName, densityNames } from '../frames/index.ts';
import { CODES_PER_FRAME_CHOICES, DEFAULT_CODES_PER_FRAME, DEFAULT_DISPLAY_FPS, DISPLAY_FPS_CHOICES } from '../optical/index.ts';
import { densityForMessage } from './auto-density.ts';
import { byId, el, plural, setText } from './dom.ts';
import { showTransfer } from './play-transfer.ts';
import type { TransferShow } from './play-transfer.ts';

export interface QrDisplayOptions {
  /** Element id prefix. */
  readonly prefix: string;
  /** Where the operator's choice is remembered (localStorage key prefix), one per page. */
  readonly storageKey: string;
  /** The server's --density, --codes and --fps (an explicit choice when they differ from the defaults). */
  readonly density: string;
  readonly codes?: number;
  readonly fps: number;
  /** What is shown, for the counter: "the request", "the answer". */
  readonly what: string;
}

export interface QrDisplay {
  /** `what` names it in the counter when it is not the usual (a certificate on the answer's display). */
  show(transfer: Uint8Array, what?: string): void;
  stop(): void;
  toggleFullScreen(): void;
  /** The density in use for what is shown now. */
  readonly density: string;
  /** Codes in each picture shown now. */
  readonly codes: number;
}

const AUTO = 'auto';

function remembered(key: string): string | null {
  try {
    return globalThis.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key: string, value: string): void {
  try {
    globalThis.localStorage.setItem(key, value);
  } catch {
    // A browser without storage forgets the choice; the display still works.
  }
}

function option(value: string, text: string): HTMLOptionElement {
  return Object.assign(el('option', { text }), { value });
}

export function createQrDisplay(options: QrDisplayOptions): QrDisplay {
  const { prefix } = options;
  const canvas = byId<HTMLCanvasElement>(`${prefix}-canvas`);
  const densitySelect = byId<HTMLSelectElement>(`${prefix}-density`);
  const fpsSelect = byId<HTMLSelectElement>(`${prefix}-fps`);
  const codesSelect = byId<HTMLSelectElement>(`${prefix}-codes`);
  const stage = byId(`${prefix}-stage`);
  const names = densityNames() as string[];
  const cliDensity = options.density !== DEFAULT_DENSITY && names.includes(options.density) ? options.density : undefined;
  const cliFps = options.fps !== DEFAULT_DISPLAY_FPS ? options.fps : undefined;
  const cliCodes = options.codes !== undefined && options.codes !== DEFAULT_CODES_PER_FRAME && CODES_PER_FRAME_CHOICES.includes(options.codes) ? options.codes : undefined;
  const fpsChoices = [...new Set([...DISPLAY_FPS_CHOICES, options.fps])].sort((a, b) => a - b);

  densitySelect.replaceChildren(
    option(AUTO, 'fits the message (default)'),
    ...names.map((n) => option(n, n === cliDensity ? `${n} (chosen with --density)` : n)),
  );
  fpsSelect.replaceChildren(...fpsChoices.map((f) => option(String(f), f === DEFAULT_DISPLAY_FPS ? `${f} (default)` : f === cliFps ? `${f} (chosen with --fps)` : String(f))));
  codesSelect.replaceChildren(
    ...CODES_PER_FRAME_CHOICES.map((n) => option(String(n), n === DEFAULT_CODES_PER_FRAME ? `${n} (default)` : n === cliCodes ? `${n} (chosen with --codes)` : String(n))),
  );
  const storedDensity = remembered(`${options.storageKey}.density`);
  const storedCodes = remembered(`${options.storageKey}.codes`);
  codesSelect.value = storedCodes !== null && CODES_PER_FRAME_CHOICES.includes(Number(storedCodes)) ? storedCodes : String(cliCodes ?? DEFAULT_CODES_PER_FRAME);
  const storedFps = remembered(`${options.storageKey}.fps`);
  densitySelect.value = storedDensity !== null && (storedDensity === AUTO || names.includes(storedDensity)) ? storedDensity : (cliDensity ?? AUTO);
  fpsSelect.value = storedFps !== null && fpsChoices.includes(Number(storedFps)) ? storedFps : String(cliFps ?? DEFAULT_DISPLAY_FPS);

  let transfer: Uint8Array | undefined;
  let showing: TransferShow | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;
  let density = DEFAULT_DENSITY as string;
  let codes = DEFAULT_CODES_PER_FRAME;
  let what = options.what;

  const stop = () => {
    showing?.stop();
    showing = undefined;
    if (ticker !== undefined) clearInterval(ticker);
    ticker = undefined;
  };
  const play = () => {
    stop();
    if (transfer === undefined) return;
    const chosen = densitySelect.value;
    density = chosen === AUTO ? densityForMessage(transfer.length) : chosen;
    const fps = Number(fpsSelect.value);
    const chosenCodes = Number(codesSelect.value);
    // A message that fits in one frame is shown as one code, as large as it can be.
    codes = Math.ceil(transfer.length / densityByName(density).symbolSize) <= 1 ? 1 : chosenCodes;
    const show = showTransfer(canvas, transfer, density, fps, codes);
    showing = show;
    const bytes = transfer.length;
    const shownNow = () => (codes === 1 ? `Frame ${show.shown}` : `Frames ${Math.max(1, show.shown - codes + 1)}-${Math.max(codes, show.shown)}`);
    const perPicture = codes === 1 ? '' : `, ${codes} codes a picture`;
    const count = () =>
      setText(`${prefix}-frames`, `${shownNow()}. ${what} (${bytes} bytes) fits in ${plural(show.sourceSymbols, 'frame')} at ${density}${chosen === AUTO ? ' (fits the message)' : ''}${perPicture}, ${fps} a second.`);
    count();
    ticker = setInterval(count, 250);
  };
  densitySelect.onchange = () => {
    remember(`${options.storageKey}.density`, densitySelect.value);
    play();
  };
  codesSelect.onchange = () => {
    remember(`${options.storageKey}.codes`, codesSelect.value);
    play();
  };
  fpsSelect.onchange = () => {
    remember(`${options.storageKey}.fps`, fpsSelect.value);
    play();
  };
  const toggleFullScreen = () => {
    if (document.fullscreenElement !== null) void document.exitFullscreen();
    else void stage.requestFullscreen().catch(() => {});
  };
  byId(`${prefix}-full`).onclick = toggleFullScreen;
  // The canvas gets as many pixels as it covers: whenever its size on screen changes (layout
  // settling, full screen, the window), the show restarts on a canvas fitted again.
  let refitting: ReturnType<typeof setTimeout> | undefined;
  new ResizeObserver(() => {
    if (refitting !== undefined) clearTimeout(refitting);
    refitting = setTimeout(() => {
      refitting = undefined;
      const side = Math.floor(Math.min(canvas.getBoundingClientRect().width, canvas.getBoundingClientRect().height) * (globalThis.devicePixelRatio ?? 1));
      if (showing !== undefined && side > 0 && side !== canvas.width) play();
    }, 150);
  }).observe(canvas);

  return {
    show(next: Uint8Array, named?: string) {
      transfer = next;
      what = named ?? options.what;
      play();
    },
    stop() {
      stop();
      transfer = undefined;
    },
    toggleFullScreen,
    get density() {
      return density;
    },
    get codes() {
      return codes;
    },
  };
}
