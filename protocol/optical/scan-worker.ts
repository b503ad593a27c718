/**
 * The scanner as a Web Worker service, so a page never stalls while frames are decoded. The
 * worker's global scope is passed in (typed by shape), which keeps this file portable; the
 * browser entry points are one line each.
 *
 * Two ways in: the page transfers a stream of VideoFrames (MediaStreamTrackProcessor), and the
 * worker pulls frames as fast as it decodes them, stale ones dropped by the browser; or the page
 * posts frames' pixels one at a time (canvas readback), each answered before the next is sent.
 * Every code of a camera frame is read (a displayed frame may carry several, see
 * multi-frame-image.ts): the reply lists their payloads, to be fed to the frame decoder in turn.
 */
import { isOpticalError } from './errors.ts';
import { MAX_CODES_PER_FRAME } from './multi-frame-image.ts';
import type { FramePixels } from './pixels.ts';
import { QrScanner } from './scanner.ts';
import type { ScannerOptions, ScanVia } from './scanner.ts';
import { videoFramePixels } from './video-frame.ts';
import type { VideoFrameLike } from './video-frame.ts';
import { ZxingDecoder } from './zxing.ts';
import type { Quad } from './zxing.ts';

export type ScanWorkerRequest =
  | { readonly type: 'init'; readonly wasmUrl?: string; readonly options?: ScannerOptions }
  | { readonly type: 'frame'; readonly id: number; readonly frame: FramePixels }
  | { readonly type: 'stream'; readonly frames: ReadableStream<VideoFrameLike> }
  | { readonly type: 'stop' }
  | { readonly type: 'reset' };

export type ScanWorkerReply =
  | { readonly type: 'ready'; readonly decoder: 'zxing' | 'jsqr'; readonly problem?: string }
  | {
      readonly type: 'scanned';
      readonly id: number;
      /** Decode time in the worker, milliseconds. */
      readonly ms: number;
      /** Payloads of every code found, in no set order (empty: none). */
      readonly payloads: readonly Uint8Array[];
      readonly corners?: readonly Quad[];
      readonly via?: ScanVia;
      /** The pixel buffer of a posted frame, handed back for reuse. */
      readonly buffer?: ArrayBufferLike;
    }
  | { readonly type: 'ended' }
  | { readonly type: 'error'; readonly code: string; readonly message: string };

export interface WorkerScopeLike {
  postMessage(message: ScanWorkerReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: ScanWorkerRequest }) => void): void;
}

const now = () => (typeof performance === 'undefined' ? Date.now() : performance.now());

export function serveScanWorker(scope: WorkerScopeLike): void {
  let scanner: QrScanner | undefined;
  let streaming: ReadableStreamDefaultReader<VideoFrameLike> | undefined;
  const fail = (e: unknown) => {
    const code = isOpticalError(e) ? e.code : 'WORKER_ERROR';
    scope.postMessage({ type: 'error', code, message: e instanceof Error ? e.message : String(e) });
  };

  async function init(wasmUrl: string | undefined, options: ScannerOptions | undefined): Promise<void> {
    let problem: string | undefined;
    let zxing: ZxingDecoder | undefined;
    if (wasmUrl !== undefined) {
      try {
        zxing = await ZxingDecoder.load({ wasmUrl });
      } catch (e) {
        problem = e instanceof Error ? e.message : String(e);
      }
    }
    scanner = new QrScanner(zxing, { ...options, jsqr: zxing === undefined ? 'only' : options?.jsqr });
    scope.postMessage({ type: 'ready', decoder: zxing === undefined ? 'jsqr' : 'zxing', ...(problem === undefined ? {} : { problem }) });
  }

  function scan(id: number, frame: FramePixels): Omit<Extract<ScanWorkerReply, { type: 'scanned' }>, 'buffer'> {
    const start = now();
    const found = scanner!.scanAll(frame, MAX_CODES_PER_FRAME);
    const ms = now() - start;
    if (found.length === 0) return { type: 'scanned', id, ms, payloads: [] };
    return { type: 'scanned', id, ms, payloads: found.map((f) => f.payload), corners: found.map((f) => f.corners), via: found[0]!.via };
  }

  const buffersOf = (payloads: readonly Uint8Array[]) => payloads.map((p) => p.buffer as ArrayBuffer);

  async function pump(frames: ReadableStream<VideoFrameLike>): Promise<void> {
    const reader = frames.getReader();
    streaming = reader;
    let buffer: Uint8Array = new Uint8Array(0);
    for (let id = 0; ; id++) {
      const r = await reader.read();
      if (r.done) break;
      try {
        const copied = await videoFramePixels(r.value, buffer);
        buffer = copied.buffer;
        const reply = scan(id, copied.pixels);
        scope.postMessage(reply, buffersOf(reply.payloads));
      } finally {
        r.value.close();
      }
    }
    streaming = undefined;
    scope.postMessage({ type: 'ended' });
  }

  scope.addEventListener('message', (event) => {
    const msg = event.data;
    try {
      switch (msg.type) {
        case 'init':
          init(msg.wasmUrl, msg.options).catch(fail);
          return;
        case 'frame': {
          if (scanner === undefined) throw new Error('frame before init');
          const reply = scan(msg.id, msg.frame);
          const buffer = msg.frame.data.buffer;
          scope.postMessage({ ...reply, buffer }, [buffer as ArrayBuffer, ...buffersOf(reply.payloads)]);
          return;
        }
        case 'stream':
          if (scanner === undefined) throw new Error('stream before init');
          pump(msg.frames).catch(fail);
          return;
        case 'stop':
          streaming?.cancel().catch(() => {});
          return;
        case 'reset':
          scanner?.reset();
          return;
      }
    } catch (e) {
      fail(e);
    }
  });
}
