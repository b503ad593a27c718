/**
 * Request frames as files, read with hostile input in mind: a directory of PNG pictures, or a
 * y4m video (node/frames reads both, bounded). No ffmpeg here: the offline laptop may not have it,
 * so other video containers are refused.
 */
import { openY4mFile, readPictures } from '../../node/frames/index.ts';
import { createScanner } from '../../node/wasm.ts';
import { OpticalError, scanStills, scanStream, STILL_SCANNER } from '../../protocol/optical/index.ts';
import type { PayloadItem, StreamScanSummary } from '../../protocol/optical/index.ts';

/** Payloads of the PNG pictures in `dir`, in name order; a picture without a code is a problem item. */
export async function* scanPictureDir(dir: string): AsyncGenerator<PayloadItem> {
  yield* scanStills(readPictures(dir), await createScanner(STILL_SCANNER));
}

/** Payloads of a y4m video, each run of identical ones once. */
export async function* scanY4mFile(path: string, summary?: StreamScanSummary): AsyncGenerator<PayloadItem> {
  if (!path.toLowerCase().endsWith('.y4m')) throw new OpticalError('UNSUPPORTED', `${path}: the signer reads y4m videos only (convert with ffmpeg -i IN -pix_fmt gray OUT.y4m)`);
  const { frames } = await openY4mFile(path);
  yield* scanStream(frames, await createScanner(), (n) => `${path} frame ${n}`, summary);
}
