/**
 * Both operator pages at real batch sizes (1, 3, 60 and 100 items) and on the screens operators
 * have (1280x720, 1366x768, and 1920x1080 for the smallest and largest batch): the QR code keeps its size and stays wholly in view at every step,
 * the item lists scroll on their own, the signer's review puts the exceptions first with every
 * refusal's full reason in view, the routine group opens and closes by keyboard, Enter alone
 * (twice or held) never signs and Escape never refuses. Two batches (60 and 100 items, three
 * exceptions each) go the whole way by camera, each hop a recording of the other page's screen:
 * the answer shown again when the request is rescanned, the results surviving a reload. A key's
 * certificate crosses by camera and is pinned. The 100-item run prints the operator's figure:
 * key presses, and seconds from the first code read to the answer on screen.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { messageToTransfer } from '../../protocol/messages/index.ts';
import { launchChromium, waitForStep } from '../support/chromium.ts';
import type { Browser } from '../support/chromium.ts';
import { recordScreen, recordingToY4m } from '../support/screen-recording.ts';
import { screenshot } from '../support/screenshots.ts';
import { startServed } from '../support/served-program.ts';
import type { ServedProgram } from '../support/served-program.ts';
import { makeApk } from '../online/helpers/apks.ts';
import { makeRequest } from '../offline/support/requests.ts';
import type { ItemSpec } from '../offline/support/requests.ts';
import { USER_PIN, freshSoftHsm } from '../offline/support/softhsm.ts';
import type { SoftHsm } from '../offline/support/softhsm.ts';
import { makeKeys } from '../offline/support/token-keys.ts';
import type { MadeKey } from '../offline/support/token-keys.ts';
import { codesOnCanvas } from './support/codes-on-screen.ts';
import { onlineCli } from './support/online-cli.ts';

const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
] as const;
const SIZES = [1, 3, 60, 100] as const;
/** A full-HD screen, for the smallest and the largest batch (each signer run costs a review and an answer). */
const FULL_HD = { width: 1920, height: 1080 } as const;
const FULL_HD_SIZES = [1, 100] as const;
/** The signer page's layout runs, in order (each run's number picks its own packages and versions). */
const SIGNER_RUNS = [...VIEWPORTS.flatMap((viewport) => SIZES.map((n) => ({ viewport, n }))), ...FULL_HD_SIZES.map((n) => ({ viewport: FULL_HD, n }))];

let hsm: SoftHsm;
let keys: MadeKey[];
let signer: ServedProgram;
let cookie: string;
let layoutSigner: Browser;
let layoutOnline: Browser;
const sessions = new Map<number, string>();
const figures: string[] = [];

async function signerApi(path: string, body?: Uint8Array | string): Promise<Record<string, unknown>> {
  const r = await fetch(new URL(path, new URL(signer.url).origin), { method: body === undefined ? 'GET' : 'POST', headers: { 'x-airsign-page': '1', cookie }, ...(body === undefined ? {} : { body: body as BodyInit }) });
  const reply = (await r.json()) as { ok: boolean; value?: Record<string, unknown>; code?: string; message?: string };
  if (!reply.ok) throw new Error(`${path}: ${reply.code}: ${reply.message}`);
  return reply.value!;
}

/** Signs a request through the desk's API, as the page would (typed count, PIN). */
async function signByApi(specs: readonly ItemSpec[]): Promise<void> {
  const taken = await signerApi('/api/request', messageToTransfer(makeRequest(keys, specs)));
  const review = taken.review as { requestDigest: string; totals: { toSign: number } };
  expect(review.totals.toSign).toBe(specs.length);
  await signerApi('/api/login', USER_PIN);
  await signerApi('/api/decision', JSON.stringify({ requestDigest: review.requestDigest, approve: true, confirm: review.totals.toSign }));
  await signerApi('/api/close', '');
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The element's box lies wholly inside the viewport; returns its size. */
async function inView(page: Page, selector: string): Promise<{ width: number; height: number }> {
  const viewport = page.viewportSize()!;
  const box = (await page.locator(selector).boundingBox())!;
  expect(box, selector).not.toBeNull();
  expect(box.x, `${selector} left`).toBeGreaterThanOrEqual(0);
  expect(box.y, `${selector} top`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${selector} right`).toBeLessThanOrEqual(viewport.width + 0.5);
  expect(box.y + box.height, `${selector} bottom`).toBeLessThanOrEqual(viewport.height + 0.5);
  return box;
}

/** The code keeps its full size: most of the screen's height, whatever the batch. */
async function codeInView(page: Page, selector: string): Promise<void> {
  const box = await inView(page, selector);
  expect(box.width).toBeGreaterThanOrEqual(page.viewportSize()!.height * 0.75);
  // Nothing pushes the page itself into scrolling.
  expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight + 1)).toBe(true);
}

/** Enter twice and held, then Escape twice: the review is still there and nothing was answered. */
async function noAccidents(page: Page): Promise<void> {
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  for (let i = 0; i < 8; i++) await page.keyboard.down('Enter');
  await page.keyboard.up('Enter');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => document.body.dataset.step)).toBe('step-review');
  const state = await signerApi('/api/state');
  expect(state.answer).toBeUndefined();
  expect(state.review).toBeDefined();
}

/** Every refused item with its full reason in view, without scrolling the list. */
async function refusalsInView(page: Page, reasons: readonly string[]): Promise<void> {
  const list = (await page.locator('#review-list').boundingBox())!;
  const refused = page.locator('#review-list .item.refused .why');
  expect(await refused.count()).toBe(reasons.length);
  for (let i = 0; i < reasons.length; i++) {
    expect(await refused.nth(i).innerText()).toContain(reasons[i]);
    const box = (await refused.nth(i).boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(list.y);
    expect(box.y + box.height).toBeLessThanOrEqual(list.y + list.height);
    await inView(page, `#review-list .item.refused >> nth=${i}`);
  }
}

/** Reaches the routine group by keyboard (back from the count field), opens and closes it. */
async function routineByKeyboard(page: Page, routine: number): Promise<void> {
  for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement?.id)) !== 'routine-toggle'; i++) await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('routine-toggle');
  await page.keyboard.press('Enter');
  expect(await page.locator('#routine-list').isVisible()).toBe(true);
  expect(await page.locator('#routine-list .item').count()).toBe(routine);
  await page.keyboard.press('Enter');
  expect(await page.locator('#routine-list').isVisible()).toBe(false);
  await page.locator('#review-confirm').focus();
}

/** A session of N small APKs on the online side (`airsign request`). */
async function onlineSession(name: string, apks: readonly { pkg: string; version: number }[]): Promise<string> {
  const dir = join(hsm.dir, `apks-${name}`);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [i, a] of apks.entries()) {
    const file = join(dir, `${String(i + 1).padStart(3, '0')}-${a.pkg}.apk`);
    await makeApk(file, { packageName: a.pkg, versionCode: a.version, versionName: `${a.version}.0`, minSdk: 26, padBytes: 512 });
    files.push(file);
  }
  const session = join(hsm.dir, `session-${name}`);
  const made = onlineCli(['request', ...files, '--cert', keys[0]!.pemPath, '--session', session], hsm.env);
  expect(made.status, made.stderr).toBe(0);
  return session;
}

/** 60 or 100 APKs with three exceptions: a version below the floor (refused), a new package, a version jump. */
function batchWithExceptions(n: number, version: number): { pkg: string; version: number }[] {
  return range(n).map((i) => {
    if (i === n - 3) return { pkg: `org.example.app${i}`, version: 1 };
    if (i === n - 2) return { pkg: `org.example.fresh${n}`, version: 1 };
    if (i === n - 1) return { pkg: `org.example.jump${n === 60 ? 0 : 1}`, version: 5000 + n };
    return { pkg: `org.example.app${i}`, version };
  });
}

beforeAll(async () => {
  hsm = freshSoftHsm();
  hsm.initToken('release');
  keys = makeKeys(hsm, 'release', [{ label: 'release', keyType: { kind: 'rsa', bits: 3072 } }]);
  const policy = join(hsm.dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['org.example.*'], artifacts: ['apk'] }, { keys: ['*'], packages: ['org.example.*'], artifacts: ['jar'] }] }));
  signer = await startServed('offline/cli/airsign-signer.js', ['serve', '--port', '0', '--policy', policy, '--state', join(hsm.dir, 'state'), '--uri', 'pkcs11:token=release', '--allow-network'], hsm.env);
  // The test's browsers are the operator's: the launch secret buys the cookie they are handed.
  const launch = /#launch=(.+)$/.exec(signer.url)![1]!;
  const opened = await fetch(new URL('/api/session', new URL(signer.url).origin), { method: 'POST', headers: { 'x-airsign-page': '1' }, body: launch });
  cookie = opened.headers.get('set-cookie')!.split(';')[0]!;
  // The signer has signed version 1 of every package before: the batches' next versions are routine.
  // (In batches of 50: the policy's default batch limit is below 200.)
  const seed = [...range(100).map((i) => `org.example.app${i}`), ...range(100).map((i) => `org.example.lay${i}`), ...range(SIGNER_RUNS.length).map((i) => `org.example.jump${i}`)];
  for (let i = 0; i < seed.length; i += 50) await signByApi(seed.slice(i, i + 50).map((name) => ({ key: 0, name, versionCode: 1 })));
  for (const n of [1, 3]) sessions.set(n, await onlineSession(String(n), range(n).map((i) => ({ pkg: `org.example.app${i}`, version: 2 }))));
  sessions.set(60, await onlineSession('60', batchWithExceptions(60, 2)));
  sessions.set(100, await onlineSession('100', batchWithExceptions(100, 3)));
  const [name, value] = cookie.split('=') as [string, string];
  layoutSigner = await launchChromium();
  await layoutSigner.context.addCookies([{ name, value, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Strict' }]);
  layoutOnline = await launchChromium();
}, 600_000);

afterAll(async () => {
  for (const line of figures) console.log(line);
  await layoutSigner?.close();
  await layoutOnline?.close();
  if (signer !== undefined) {
    expect(signer.output()).not.toContain(USER_PIN);
    await signer.stop();
  }
  hsm?.remove();
});

describe('the signer page at any batch size', () => {
  let run = 0;
  for (const { viewport, n } of SIGNER_RUNS) {
    it(`${n} item(s) at ${viewport.width}x${viewport.height}: exceptions first and in view, no accidental decision, the answer's code in view`, async () => {
      run++;
      const { page } = layoutSigner;
      await page.setViewportSize(viewport);
      // Routine items, and from 3 items up a refused one; from 60 up a new package and a version jump too.
      const specs: ItemSpec[] = range(n).map((i) => ({ key: 0, name: `org.example.lay${i}`, versionCode: 1 + run }));
      if (n >= 3) specs[0] = { key: 0, name: 'org.example.lay0', versionCode: 1 };
      if (n >= 60) {
        specs[n - 2] = { key: 0, name: `org.example.new${run}`, versionCode: 1 };
        specs[n - 1] = { key: 0, name: `org.example.jump${run - 1}`, versionCode: 5000 };
      }
      const exceptions = n >= 60 ? 3 : n >= 3 ? 1 : 0;
      await signerApi('/api/request', messageToTransfer(makeRequest(keys, specs)));
      await page.goto(new URL(signer.url).origin);
      await waitForStep(layoutSigner, 'step-review');
      await inView(page, '#review-confirm');
      await inView(page, '#review-sign');
      const review = (await signerApi('/api/state')).review as { items: { verdict: { allowed: boolean; reason?: string; detail?: string } }[] };
      const reasons = review.items.filter((i) => !i.verdict.allowed).map((i) => `${i.verdict.reason}: ${i.verdict.detail}`);
      expect(reasons).toHaveLength(n >= 3 ? 1 : 0);
      await refusalsInView(page, reasons);
      if (n >= 60) {
        expect(await page.locator('#review-list .group.new-package .item').count()).toBe(1);
        expect(await page.locator('#review-list .group.version-jump .item').innerText()).toContain('jumps 4999 above the highest signed, 1');
      }
      for (const card of await page.locator('#review-list .item:visible').all()) expect(await card.innerText()).toMatch(/(signed|not signed, would cover) v2\/v3 content digest [0-9a-f]{8}…[0-9a-f]{8}/);
      if (n === 60 && viewport.width === 1280) await screenshot(page, 'signer-2-review');
      if (n - exceptions > 0) await routineByKeyboard(page, n - exceptions);
      if (n === 60 && viewport.width === 1280) {
        await page.locator('#routine-toggle').focus();
        await page.keyboard.press('Enter');
        await screenshot(page, 'signer-2-review-routine');
        await page.keyboard.press('Enter');
        await page.locator('#review-confirm').focus();
      }
      await noAccidents(page);
      const toSign = n - (n >= 3 ? 1 : 0);
      if (viewport.width === 1280) {
        // Signing: the count, typed, then the PIN.
        await page.keyboard.type(String(toSign));
        if (n === 60) await screenshot(page, 'signer-2-review-count');
        await page.keyboard.press('Enter');
        await waitForStep(layoutSigner, 'step-pin');
        await page.keyboard.type(USER_PIN);
        if (n === 60) await screenshot(page, 'signer-3-pin');
        await page.keyboard.press('Enter');
      } else {
        // Refusal is its own act: its button, then its question's "Yes".
        await page.locator('#review-refuse').focus();
        await page.keyboard.press('Enter');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-refuse-no');
        await page.keyboard.press('Shift+Tab');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-refuse-yes');
        await page.keyboard.press('Enter');
      }
      await waitForStep(layoutSigner, 'step-answer');
      await codeInView(page, '#answer-canvas');
      const summary = await page.locator('#answer-summary').innerText();
      if (viewport.width === 1280) expect(summary).toBe(n >= 3 ? `${toSign} items signed, 1 refused.` : 'All 1 item signed.');
      else expect(summary).toBe(n === 1 ? 'Nothing signed: the item was refused.' : `Nothing signed: all ${n} items were refused.`);
      if (n === 60 && viewport.width === 1280) {
        await page.waitForTimeout(500);
        await screenshot(page, 'signer-4-answer');
      }
      // One code when the answer fits in one frame, else the default 4 a picture (the counter names the frames shown).
      expect(await page.locator('#answer-frames').innerText()).toMatch(/^(Frame \d+|Frames \d+-\d+)\. The answer \(\d+ bytes\) fits in \d+ frames? at \w+ \(fits the message\)(, 4 codes a picture)?, 10 a second\.$/);
      // Full screen shows the code and its counter only, still wholly in view.
      await page.keyboard.press('f');
      await page.waitForFunction(() => document.fullscreenElement?.id === 'answer-stage', undefined, { timeout: 10_000 });
      await codeInView(page, '#answer-canvas');
      if (n === 60 && viewport.width === 1280) {
        await page.waitForTimeout(500);
        await screenshot(page, 'signer-4-answer-full-screen');
      }
      await page.keyboard.press('f');
      await page.waitForFunction(() => document.fullscreenElement === null, undefined, { timeout: 10_000 });
      await page.keyboard.press('Escape');
      await waitForStep(layoutSigner, 'step-scan');
    }, 240_000);
  }
});

describe('the online page at any batch size', () => {
  for (const n of SIZES) {
    it(`${n} item(s): the code in view beside a list that scrolls on its own, at every screen size and in full screen`, async () => {
      const show = await startServed('online/cli/airsign.js', ['show', sessions.get(n)!, '--port', '0'], hsm.env);
      try {
        const { page } = layoutOnline;
        for (const viewport of [...VIEWPORTS, ...(FULL_HD_SIZES.some((s) => s === n) ? [FULL_HD] : [])]) {
          await page.setViewportSize(viewport);
          await page.goto(show.url);
          await waitForStep(layoutOnline, 'step-show');
          await codeInView(page, '#show-canvas');
          await inView(page, '#show-scan');
          const items = await page.locator('#show-items li').allInnerTexts();
          expect(items).toHaveLength(n);
          expect(items[0]).toMatch(/signed v2\/v3 content digest [0-9a-f]{8}…[0-9a-f]{8}, key [0-9a-f]{8}/);
          if (n >= 60) expect(await page.evaluate(() => { const l = document.getElementById('show-items')!; return l.scrollHeight > l.clientHeight; })).toBe(true);
          if (n === 60 && viewport.width === 1280) await screenshot(page, 'online-1-request');
          await page.keyboard.press('f');
          await page.waitForFunction(() => document.fullscreenElement?.id === 'show-stage', undefined, { timeout: 10_000 });
          await codeInView(page, '#show-canvas');
          await page.keyboard.press('f');
          await page.waitForFunction(() => document.fullscreenElement === null, undefined, { timeout: 10_000 });
        }
        // A small request is drawn sparse (the least dense preset that shows it in a few frames).
        if (n === 1) expect(await page.locator('#show-frames').innerText()).toMatch(/at (sparse|low) \(fits the message\)/);
        // A density the operator picks is remembered by the page across a reload, and marked as chosen.
        if (n === 3) {
          await page.selectOption('#show-density', 'medium');
          await page.reload();
          await waitForStep(layoutOnline, 'step-show');
          expect(await page.locator('#show-density').inputValue()).toBe('medium');
          expect(await page.locator('#show-frames').innerText()).toContain('at medium, ');
          expect(await page.locator('#show-density option[value=auto]').innerText()).toBe('fits the message (default)');
          await page.selectOption('#show-density', 'auto');
        }
      } finally {
        await show.stop();
      }
    }, 240_000);
  }
});

/** Records what `page` shows for `ms` into a y4m another browser can take as its camera. */
async function recordTo(page: Page, name: string, ms: number): Promise<string> {
  const path = join(hsm.dir, `${name}.y4m`);
  await recordingToY4m(await recordScreen(page, ms), path);
  return path;
}

/** A signer browser whose camera plays `camera`, with the operator's cookie. */
async function signerWithCamera(camera: string): Promise<Browser> {
  const browser = await launchChromium({ camera });
  const [name, value] = cookie.split('=') as [string, string];
  await browser.context.addCookies([{ name, value, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Strict' }]);
  return browser;
}

/** An environment in which the online side finds no apksigner/jarsigner: 100 JVM starts would swamp a shared machine, and the page then lists only the checks that ran. */
function withoutOutsideTools(): NodeJS.ProcessEnv {
  return { ...hsm.env, PATH: '/nonexistent' };
}

describe('batches of 60 and 100 the whole way by camera', () => {
  for (const n of [60, 100] as const) {
    it(`${n} items with three exceptions: review, sign, answer shown again on a rescan, results that survive a reload`, async () => {
      const shots = n === 60;
      const show = await startServed('online/cli/airsign.js', ['show', sessions.get(n)!, '--port', '0'], withoutOutsideTools());
      let signerPage: Browser | undefined;
      let onlinePage: Browser | undefined;
      try {
        // The online page's request, recorded from its screen.
        const recorder = layoutOnline.page;
        await recorder.setViewportSize({ width: 1280, height: 720 });
        await recorder.goto(show.url);
        await waitForStep(layoutOnline, 'step-show');
        // Several codes a picture: the default 4 for the 100-item request; 2, chosen on the page
        // (and remembered), for the 60-item one. The signer's camera reads them all.
        const codes = n === 60 ? 2 : 4;
        if (codes !== 4) await recorder.selectOption('#show-codes', String(codes));
        expect(await recorder.locator('#show-codes').inputValue()).toBe(String(codes));
        await recorder.waitForFunction((c) => (document.getElementById('show-frames')?.textContent ?? '').includes(`, ${c} codes a picture, `), codes, { timeout: 10_000 });
        const seen = await codesOnCanvas(recorder, '#show-canvas', hsm.dir, `request-${n}-codes`);
        expect(seen.ours).toBe(codes);
        if (seen.zbar !== undefined) expect(seen.zbar).toBe(codes);
        const requestVideo = await recordTo(recorder, `request-${n}`, 3000);
        if (codes !== 4) await recorder.selectOption('#show-codes', '4');
        await recorder.goto('about:blank');

        // The signer page scans it: from the first code read to the review, then the operator's keys to the answer.
        signerPage = await signerWithCamera(requestVideo);
        const { page } = signerPage;
        await page.goto(new URL(signer.url).origin);
        await page.waitForFunction(() => Number((document.getElementById('scan-progress') as HTMLProgressElement | null)?.value ?? 0) > 0 || (document.body.dataset.step ?? 'step-scan') !== 'step-scan', undefined, { polling: 'raf', timeout: 120_000 });
        const firstCode = Date.now();
        if (shots && (await page.evaluate(() => document.body.dataset.step)) === 'step-scan') await screenshot(page, 'signer-1-scan');
        await waitForStep(signerPage, 'step-review', 120_000);
        const reviewed = Date.now();
        expect(await page.locator('#review-list .group.refused .item').count()).toBe(1);
        expect(await page.locator('#review-list .group.new-package .item').count()).toBe(1);
        expect(await page.locator('#review-list .group.version-jump .item').count()).toBe(1);
        expect(await page.locator('#routine-toggle').innerText()).toBe(`Show the ${n - 3} routine items`);
        await refusalsInView(page, ['POLICY_VERSION_ROLLBACK: a different apk:org.example.app']);
        let keys = 0;
        const type = async (text: string) => {
          await page.keyboard.type(text);
          keys += text.length;
        };
        const press = async (key: string) => {
          await page.keyboard.press(key);
          keys += 1;
        };
        const decided = Date.now();
        await type(String(n - 1));
        await press('Enter');
        await waitForStep(signerPage, 'step-pin');
        await type(USER_PIN);
        await press('Enter');
        await waitForStep(signerPage, 'step-answer', 120_000);
        const answered = Date.now();
        await codeInView(page, '#answer-canvas');
        expect(await page.locator('#answer-summary').innerText()).toBe(`${n - 1} items signed, 1 refused.`);
        // The answer goes back at the default, 4 codes a picture, and the online page's camera reads them.
        expect(await page.locator('#answer-frames').innerText()).toContain(', 4 codes a picture, ');
        expect((await codesOnCanvas(page, '#answer-canvas', hsm.dir, `answer-${n}-codes`)).ours).toBe(4);
        figures.push(`operator, ${n}-item batch with 3 exceptions: ${keys} key presses (${String(n - 1).length} digits of the count, Enter, a ${USER_PIN.length}-character PIN, Enter); first code read -> review ${((reviewed - firstCode) / 1000).toFixed(1)} s, keys -> answer on screen ${((answered - decided) / 1000).toFixed(1)} s (the test types at machine speed), first code -> answer ${((answered - firstCode) / 1000).toFixed(1)} s`);
        // Long enough that even a loaded machine's recording holds every frame of the answer at least once.
        const answerVideo = await recordTo(page, `answer-${n}`, n === 100 ? 14_000 : 8000);

        // Closed, the page rescans the request still on the other screen: it offers the answer again.
        await page.keyboard.press('Escape');
        await waitForStep(signerPage, 'step-again', 120_000);
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('again-show');
        if (shots) await screenshot(page, 'signer-5-again');
        await page.keyboard.press('Enter');
        await waitForStep(signerPage, 'step-answer');
        expect(await page.locator('#answer-summary').innerText()).toBe(`${n - 1} items signed, 1 refused.`);
        await signerApi('/api/close', '');
        await signerPage.close();
        signerPage = undefined;

        // The online page scans the answer; its results come from the spool and survive a reload.
        onlinePage = await launchChromium({ camera: answerVideo });
        const online = onlinePage.page;
        await online.goto(show.url);
        await waitForStep(onlinePage, 'step-show');
        await online.keyboard.press('Enter');
        await waitForStep(onlinePage, 'step-scan');
        await online.waitForFunction(() => /Answer read/.test(document.getElementById('scan-status')?.textContent ?? '') || document.body.dataset.step !== 'step-scan', undefined, { timeout: 120_000 });
        // The status line follows the artifacts through the pipeline (caught for the docs if still there).
        await online.waitForFunction(() => /artifacts: /.test(document.getElementById('scan-status')?.textContent ?? '') || document.body.dataset.step !== 'step-scan', undefined, { timeout: 120_000 });
        if (shots && (await online.evaluate(() => document.body.dataset.step)) === 'step-scan') await screenshot(online, 'online-2-progress');
        await waitForStep(onlinePage, 'step-results', 300_000);
        const summary = `The signer signed ${n - 1} of ${n} items and refused 1. ${n - 1} signed files ready, at the paths below.`;
        expect(await online.locator('#results-summary').innerText()).toBe(summary);
        const rows = await online.locator('#results-table tbody tr').allInnerTexts();
        expect(rows).toHaveLength(n);
        const signedRow = rows.find((r) => r.includes('✓ signed and verified'))!;
        expect(signedRow).toMatch(new RegExp(`${sessions.get(n)!}/\\S+\\.apk`));
        expect(signedRow).toMatch(/SHA-256 [0-9a-f]{64}/);
        const refusedRow = rows.find((r) => r.includes('✗ not signed'))!;
        expect(refusedRow).toContain('REFUSED_POLICY_VERSION_ROLLBACK');
        expect(refusedRow).toContain('(not run)');
        expect(refusedRow).not.toContain('✗ signed file assembled');
        await inView(online, '#results-summary');
        if (shots) await screenshot(online, 'online-3-results');
        await online.reload();
        await waitForStep(onlinePage, 'step-results');
        expect(await online.locator('#results-summary').innerText()).toBe(summary);
        expect(await online.locator('#results-table tbody tr').count()).toBe(n);
      } finally {
        await signerPage?.close();
        await onlinePage?.close();
        await show.stop();
      }
    }, 600_000);
  }
});

describe("a key's certificate by camera", () => {
  it('the signer page shows it, the online page scans and pins it, both show the same SHA-256', async () => {
    const { page } = layoutSigner;
    await page.setViewportSize({ width: 1280, height: 720 });
    await signerApi('/api/close', '');
    await page.goto(new URL(signer.url).origin);
    await waitForStep(layoutSigner, 'step-scan');
    await page.locator('#scan-certs').focus();
    await page.keyboard.press('Enter');
    await waitForStep(layoutSigner, 'step-certs');
    await page.keyboard.press('Enter');
    await waitForStep(layoutSigner, 'step-answer');
    await codeInView(page, '#answer-canvas');
    const fingerprint = Buffer.from(keys[0]!.fingerprint).toString('hex');
    expect(await page.locator('#answer-detail').innerText()).toContain(fingerprint);
    await screenshot(page, 'signer-6-certificate');
    const video = await recordTo(page, 'certificate', 3000);
    await page.keyboard.press('Escape');
    await waitForStep(layoutSigner, 'step-scan');

    // A fresh session directory with nothing pinned yet; its page scans the certificate.
    const spool = join(hsm.dir, 'fresh-pins');
    const made = onlineCli(['request', join(hsm.dir, 'apks-1', '001-org.example.app0.apk'), '--cert', keys[0]!.pemPath, '--session', spool], hsm.env);
    expect(made.status, made.stderr).toBe(0);
    rmSync(join(spool, 'certs'), { recursive: true, force: true });
    expect(onlineCli(['certs', 'list', '--state', spool], hsm.env).stdout).not.toContain(fingerprint);
    const show = await startServed('online/cli/airsign.js', ['show', spool, '--port', '0'], withoutOutsideTools());
    const online = await launchChromium({ camera: video });
    try {
      await online.page.goto(show.url);
      await waitForStep(online, 'step-show');
      await online.page.locator('#show-cert').focus();
      await online.page.keyboard.press('Enter');
      await waitForStep(online, 'step-pinned', 120_000);
      expect(await online.page.locator('#pinned-sha').innerText()).toBe(`SHA-256 ${fingerprint}`);
      await screenshot(online.page, 'online-6-pinned');
      const listed = onlineCli(['certs', 'list', '--state', spool], hsm.env);
      expect(listed.stdout).toContain(fingerprint);
    } finally {
      await online.close();
      await show.stop();
    }
  }, 300_000);
});
