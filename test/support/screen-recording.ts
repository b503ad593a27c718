/**
 * What a page shows, recorded from the page itself: Chromium's screencast (DevTools protocol
 * Page.startScreencast) hands over each picture the compositor produced, with its time. A
 * recording becomes a y4m video at a camera's frame rate (each instant shows the latest picture),
 * which another Chromium then plays as its webcam. No frame is re-rendered by the test.
 */
import { decodePng, greyImage } from '../../protocol/optical/index.ts';
import type { GreyImage } from '../../protocol/optical/index.ts';
import { openVideoWriter } from '../../online/optical/index.ts';
import type { Page } from 'playwright-core';
import { SCREEN } from './chromium.ts';

export interface RecordedPicture {
  /** Seconds, the compositor's clock. */
  readonly t: number;
  readonly png: Uint8Array;
}

export interface Recording {
  readonly pictures: readonly RecordedPicture[];
  /** Seconds from the first picture to the end of recording. */
  readonly seconds: number;
}

/** Records the page for `ms` milliseconds. */
export async function recordScreen(page: Page, ms: number): Promise<Recording> {
  const cdp = await page.context().newCDPSession(page);
  const pictures: RecordedPicture[] = [];
  cdp.on('Page.screencastFrame', (event) => {
    const t = event.metadata.timestamp ?? Date.now() / 1000;
    pictures.push({ t, png: new Uint8Array(Buffer.from(event.data, 'base64')) });
    cdp.send('Page.screencastFrameAck', { sessionId: event.sessionId }).catch(() => {});
  });
  await cdp.send('Page.startScreencast', { format: 'png', maxWidth: SCREEN.width, maxHeight: SCREEN.height, everyNthFrame: 1 });
  const started = Date.now() / 1000;
  await page.waitForTimeout(ms);
  await cdp.send('Page.stopScreencast');
  await cdp.detach();
  const first = pictures[0]?.t ?? started;
  return { pictures, seconds: started + ms / 1000 - first };
}

/** One recorded picture on a SCREEN-sized grey canvas (a smaller one is centred on white). */
function screenImage(png: Uint8Array): GreyImage {
  const picture = decodePng(png);
  if (picture.width === SCREEN.width && picture.height === SCREEN.height) return picture;
  const out = greyImage(SCREEN.width, SCREEN.height, 255);
  const x0 = Math.max(0, (SCREEN.width - picture.width) >> 1);
  const y0 = Math.max(0, (SCREEN.height - picture.height) >> 1);
  const w = Math.min(picture.width, SCREEN.width);
  for (let y = 0; y < Math.min(picture.height, SCREEN.height); y++) {
    out.data.set(picture.data.subarray(y * picture.width, y * picture.width + w), (y0 + y) * SCREEN.width + x0);
  }
  return out;
}

/**
 * The recording as a video at `fps`: the picture on screen at each capture instant. Returns the
 * number of video frames and of distinct pictures they hold.
 */
export async function recordingToY4m(recording: Recording, path: string, fps = 20): Promise<{ frames: number; pictures: number }> {
  const sorted = [...recording.pictures].sort((a, b) => a.t - b.t);
  if (sorted.length === 0) throw new Error('the recording holds no picture');
  const t0 = sorted[0]!.t;
  const frames = Math.max(1, Math.round(recording.seconds * fps));
  const writer = await openVideoWriter(path, SCREEN, fps);
  const used = new Set<number>();
  let at = 0;
  let image: GreyImage | undefined;
  let imageOf = -1;
  for (let i = 0; i < frames; i++) {
    const t = t0 + i / fps;
    while (at + 1 < sorted.length && sorted[at + 1]!.t <= t) at++;
    if (imageOf !== at) {
      image = screenImage(sorted[at]!.png);
      imageOf = at;
    }
    used.add(at);
    await writer.write(image!);
  }
  await writer.close();
  return { frames, pictures: used.size };
}
