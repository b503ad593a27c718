/**
 * The legs of one signing job through both pages, driven as an operator would (keyboard only),
 * each hop a recording of what one page showed, played as the other page's webcam.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, waitForStep } from '../../support/chromium.ts';
import type { Browser } from '../../support/chromium.ts';
import { recordScreen, recordingToY4m } from '../../support/screen-recording.ts';
import { screenshot, screenshotsWanted } from '../../support/screenshots.ts';

/** Each page's screen is recorded for 1.5 s per hop: 15 frames at the default 10 a second, several times what these small messages need. */
const RECORD_MS = 1500;

export interface LegTimes {
  readonly round: number;
  /** Recording of the online page's request: camera video frames, and distinct screen pictures in it. */
  readonly requestVideo: { readonly frames: number; readonly pictures: number };
  /** From opening the signer page to its review on screen (camera start, scan, review). */
  readonly signerScanMs: number;
  /** From the operator's Enter to the answer on screen (PIN if asked, signing, audit log). */
  readonly signMs: number;
  readonly answerVideo: { readonly frames: number; readonly pictures: number };
  /** From "Scan the answer" to the results (camera start, scan, checks, assembly, verification). */
  readonly onlineScanMs: number;
}

export interface LegOptions {
  readonly label: string;
  readonly onlineUrl: string;
  readonly signerUrl: string;
  readonly work: string;
  readonly pin: string;
  readonly fileName: string;
}

async function record(page: Page, path: string): Promise<{ frames: number; pictures: number }> {
  return recordingToY4m(await recordScreen(page, RECORD_MS), path);
}

/** Screenshots for the docs come from the first case, and the two-round case's next request. */
function shoot(options: LegOptions, round: number, page: Page, name: string, when: 'first' | 'v1' = 'first'): Promise<void> {
  const wanted = when === 'first' ? options.label === 'v2v3' : options.label === 'v1v2v3' && round === 1;
  return wanted ? screenshot(page, name) : Promise.resolve();
}

/**
 * The signer page's cookie: the first signer browser trades the launch secret in the printed
 * address for it; each later browser (a new camera needs a new one) is the same operator's, so it
 * is handed the cookie, as a browser keeps it across tabs.
 */
let signerCookies: Awaited<ReturnType<Browser['context']['cookies']>> | undefined;

async function openSigner(browser: Browser, url: string): Promise<void> {
  if (signerCookies === undefined) {
    await browser.page.goto(url);
    await browser.page.waitForFunction(() => document.body.dataset.step !== undefined, undefined, { timeout: 60_000 });
    signerCookies = await browser.context.cookies();
  } else {
    await browser.context.addCookies(signerCookies);
    await browser.page.goto(url.split('#')[0]!);
  }
}

function signerCookieHeader(): string {
  return (signerCookies ?? []).map((c) => `${c.name}=${c.value}`).join('; ');
}

/** The online page shows the last results on opening until the operator moves on: move on. */
async function toTheRequest(browser: Browser): Promise<void> {
  await browser.page.waitForFunction(() => document.body.dataset.step === 'step-show' || document.body.dataset.step === 'step-results', undefined, { timeout: 60_000 });
  if ((await browser.page.evaluate(() => document.body.dataset.step)) === 'step-results') await browser.page.keyboard.press('Enter');
  await waitForStep(browser, 'step-show');
}

async function cameraPlaying(browser: Browser): Promise<void> {
  await browser.page.waitForFunction(() => (document.querySelector('video') as HTMLVideoElement | null)?.readyState === 4, undefined, { timeout: 30_000 });
}

/** The signer page scans the request from `camera`, the operator signs; returns the answer's recording. */
async function signerLeg(options: LegOptions, round: number, camera: string): Promise<{ signerScanMs: number; signMs: number; answerVideo: { frames: number; pictures: number }; path: string }> {
  const signer = await launchChromium({ camera });
  try {
    const { page } = signer;
    const opened = Date.now();
    await openSigner(signer, options.signerUrl);
    // These requests fit in a frame or two: the scan is over before a screenshot could catch it
    // (test/offline/pages takes that one, with a larger request).
    await waitForStep(signer, 'step-review');
    const signerScanMs = Date.now() - opened;
    expect(await page.locator('#review-totals').innerText()).toContain('1 item: 1 to sign, 0 refused by the policy.');
    if (options.label === 'index') await screenshot(page, 'signer-2-review-index');
    else await shoot(options, round, page, 'signer-2-review-one');
    const decided = Date.now();
    // Signing is the typed count, then the PIN (asked for every batch).
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await waitForStep(signer, 'step-pin');
    await page.keyboard.type(options.pin);
    
    await page.keyboard.press('Enter');
    await waitForStep(signer, 'step-answer');
    const signMs = Date.now() - decided;
    expect(await page.locator('#answer-summary').innerText()).toBe('All 1 item signed.');
    await shoot(options, round, page, 'signer-4-answer-one');
    const path = join(options.work, `answer-${round}.y4m`);
    const answerVideo = await record(page, path);
    // Closed, the page rescans the request still on camera and offers its answer again.
    await page.keyboard.press('Escape');
    await waitForStep(signer, 'step-again');
    expect(await page.content()).not.toContain(options.pin);
    const origin = new URL(options.signerUrl).origin;
    expect(signer.requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
    expect(signer.problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
    return { signerScanMs, signMs, answerVideo, path };
  } finally {
    await signer.close();
    // The page went back to scanning a camera that loops the same request: leave the desk idle.
    await fetch(new URL('api/close', options.signerUrl), { method: 'POST', headers: { 'x-airsign-page': '1', cookie: signerCookieHeader() } });
  }
}

export async function operatorLegs(options: LegOptions): Promise<LegTimes[]> {
  mkdirSync(options.work, { recursive: true });
  const legs: LegTimes[] = [];
  // The first request, recorded from an online page with no camera to read yet.
  let online = await launchChromium();
  await online.page.goto(options.onlineUrl);
  await waitForStep(online, 'step-show');
  await shoot(options, 1, online.page, 'online-1-request-one');
  let requestPath = join(options.work, 'request-1.y4m');
  let requestVideo = await record(online.page, requestPath);
  await online.close();

  for (let round = 1; ; round++) {
    const signed = await signerLeg(options, round, requestPath);
    online = await launchChromium({ camera: signed.path });
    try {
      const { page } = online;
      await page.goto(options.onlineUrl);
      await toTheRequest(online);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('show-scan');
      const scanning = Date.now();
      await page.keyboard.press('Enter');
      await waitForStep(online, 'step-scan');
      if (options.label === 'v2v3' && screenshotsWanted()) {
        await cameraPlaying(online).catch(() => {});
        await shoot(options, round, page, 'online-2-scan');
      }
      await waitForStep(online, 'step-results', 120_000);
      const onlineScanMs = Date.now() - scanning;
      legs.push({ round, requestVideo, signerScanMs: signed.signerScanMs, signMs: signed.signMs, answerVideo: signed.answerVideo, onlineScanMs });
      const result = await page.locator('#results-table tbody tr').allInnerTexts();
      expect(result).toHaveLength(1);
      expect(result[0]).toContain(options.fileName);
      const more = await page.locator('#results-next').isVisible();
      if (!more) {
        expect(result[0]).toContain('✓ signed and verified');
        expect(result[0]).toContain(options.label === 'index' ? 'jarsigner -verify' : 'apksigner verify');
        await shoot(options, round, page, 'online-3-results-one');
        if (options.label === 'v1v2v3') await screenshot(page, 'online-5-results-round-2');
        const origin = new URL(options.onlineUrl).origin;
        expect(online.requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
        return legs;
      }
      // A second round: the page moves on to the next request, which is recorded in its turn.
      expect(result[0]).toContain('→ next round');
      await shoot(options, round, page, 'online-3-results-round-1', 'v1');
      await page.keyboard.press('Enter');
      await waitForStep(online, 'step-show');
      await shoot(options, round, page, 'online-4-next-request', 'v1');
      requestPath = join(options.work, `request-${round + 1}.y4m`);
      requestVideo = await record(page, requestPath);
    } finally {
      await online.close();
    }
  }
}
