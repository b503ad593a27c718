/**
 * The signer page in headless Chromium, driven by keyboard only, against the real `airsign-signer
 * serve` and a fresh SoftHSM2 token: the fake camera plays a request's QR frames; the page shows
 * the review (hostile text stays text), asks for the PIN (a wrong one is refused), signs, and shows
 * the answer as QR codes. Its screen, recorded, decodes to a response whose signatures verify.
 * The page loads nothing from anywhere else, breaks no content-security rule, and the PIN shows up
 * in no output, URL or page.
 */
import { request as httpRequest } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameDecoder, FrameEncoder, densityByName } from '../../../protocol/frames/index.ts';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { VIDEO_720P, frameImage, symbolOf } from '../../../protocol/optical/index.ts';
import { loadFountain } from '../../../node/wasm.ts';
import { openVideoWriter } from '../../../online/optical/index.ts';
import { createScanner } from '../../../node/wasm.ts';
import { launchChromium, waitForStep } from '../../support/chromium.ts';
import type { Browser } from '../../support/chromium.ts';
import { recordScreen } from '../../support/screen-recording.ts';
import { decodePng } from '../../../protocol/optical/index.ts';
import { screenshot } from '../../support/screenshots.ts';
import { startServed } from '../../support/served-program.ts';
import type { ServedProgram } from '../../support/served-program.ts';
import { makeRequest } from '../support/requests.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';
import { verifyResponse } from '../support/verify-response.ts';

const HOSTILE_VERSION = '<b>1.0</b><img src=x onerror="alert(1)">';
let hsm: SoftHsm;
let keys: MadeKey[];
let request: SigningRequest;
let server: ServedProgram;
let serveArgs: string[];
let browser: Browser;
/** The first answer the page showed, as its transfer bytes (base64), to compare with the same answer after a restart. */
let firstAnswer: string;

/**
 * The request's frames as a 1280x720 camera sees a screen showing them at 10 fps (30 fps video).
 * The first frame stays up for 1.5 s, as when an operator is still bringing the camera round: the
 * page holds 1 of K frames meanwhile, which is when its progress is photographed for the docs.
 */
async function requestVideo(path: string): Promise<void> {
  loadFountain();
  const density = densityByName('medium');
  const encoder = new FrameEncoder(messageToTransfer(request), { density });
  expect(encoder.sourceSymbols).toBeGreaterThanOrEqual(2);
  const writer = await openVideoWriter(path, VIDEO_720P, 30);
  for (let i = 0; i < Math.max(12, encoder.sourceSymbols * 3); i++) {
    const image = frameImage(encoder.next(), symbolOf(density), VIDEO_720P);
    for (let k = 0; k < (i === 0 ? 45 : 3); k++) await writer.write(image);
  }
  await writer.close();
  encoder.dispose();
}

beforeAll(async () => {
  hsm = freshSoftHsm();
  hsm.initToken('release');
  keys = makeKeys(hsm, 'release', [{ label: 'app', keyType: { kind: 'rsa', bits: 3072 } }]);
  const policy = join(hsm.dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['org.example.*'], artifacts: ['apk'] }, { keys: ['*'], packages: ['org.example.*'], artifacts: ['jar'] }] }));
  // A batch of 12: eleven the policy allows, one it refuses; several frames' worth at the default density.
  const allowed = Array.from({ length: 11 }, (_, i) => ({ key: 0, name: i === 0 ? 'org.example.app' : `org.example.app${i}`, versionCode: 7 + i }));
  request = makeRequest(keys, [...allowed, { key: 0, name: 'com.elsewhere.app', versionCode: 3 }]);
  (request.items[0] as { versionName: string }).versionName = HOSTILE_VERSION;
  const camera = join(hsm.dir, 'request.y4m');
  await requestVideo(camera);
  serveArgs = ['serve', '--port', '0', '--policy', policy, '--state', join(hsm.dir, 'state'), '--uri', 'pkcs11:token=release', '--allow-network'];
  server = await startServed('offline/cli/airsign-signer.js', serveArgs, hsm.env);
  browser = await launchChromium({ camera });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  hsm?.remove();
});

/** A raw HTTP call, so tests can send what a browser would not (another Host, no page header). */
function rawCall(path: string, method: string, headers: Record<string, string>): Promise<number> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: url.port, path: url.pathname, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '1234' : undefined);
  });
}

/** The transfer (base64) of the answer the page shows now, as the page's own API reports it. */
async function shownAnswer(): Promise<string> {
  const state = await browser.page.evaluate(() => fetch('/api/state', { headers: { 'x-airsign-page': '1' } }).then((r) => r.json()));
  const transfer = (state as { value: { answer?: { transfer: string } } }).value.answer?.transfer;
  expect(transfer).toBeDefined();
  return transfer!;
}

describe('the signer page', () => {
  it('scans, reviews, logs in, signs and shows the answer, by keyboard alone', async () => {
    const { page } = browser;
    await page.goto(server.url);
    // The progress bar moves as frames arrive (caught part way for the docs when screenshots are asked).
    await page.waitForFunction(() => Number((document.getElementById('scan-progress') as HTMLProgressElement).value) > 0 || document.body.dataset.step !== 'step-scan', undefined, { polling: 'raf' });
    if ((await page.evaluate(() => document.body.dataset.step)) === 'step-scan') await screenshot(page, 'signer-1-scan-12');
    await waitForStep(browser, 'step-review');
    await screenshot(page, 'signer-2-review-batch');

    // The review by exception: the refused item first with its full reason, then the rest (a new
    // key: nothing signed with it yet); the hostile version name is text.
    const cards = await page.locator('#review-list .item').allInnerTexts();
    expect(cards).toHaveLength(12);
    expect(cards[0]).toContain('#12 com.elsewhere.app');
    expect(cards[0]).toContain('Refused: POLICY_PACKAGE_NOT_ALLOWED');
    expect(cards[1]).toContain('#1 org.example.app');
    expect(cards[1]).toContain(HOSTILE_VERSION);
    expect(cards[1]).toContain('signed v2/v3 content digest');
    expect(await page.locator('#review-list img, #review-list b').count()).toBe(0);
    expect(await page.locator('#review-totals').innerText()).toContain('12 items: 11 to sign, 1 refused by the policy.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('review-confirm');

    // Enter alone, pressed twice or held, signs nothing; nor does Escape refuse.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => document.body.dataset.step)).toBe('step-review');
    // Typing the count signs; the token is not logged in, so the PIN comes first. A wrong PIN is refused.
    await page.keyboard.type('11');
    await page.keyboard.press('Enter');
    await waitForStep(browser, 'step-pin');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('pin');
    await page.keyboard.type('0000');
    await page.keyboard.press('Enter');
    await page.locator('#pin-error').waitFor({ state: 'visible' });
    expect(await page.locator('#pin-error').innerText()).toContain('Wrong PIN');
    expect(await page.locator('#pin').inputValue()).toBe('');
    await page.keyboard.type(USER_PIN);
    await page.keyboard.press('Enter');
    await waitForStep(browser, 'step-answer');
    expect(await page.locator('#answer-summary').innerText()).toBe('11 items signed, 1 refused.');
    // Logged out again after the batch: the next decision takes the PIN again.
    expect(await page.locator('#token-status').innerText()).toContain('not logged in');
    firstAnswer = await shownAnswer();

    // What the screen shows decodes to the response; its signature verifies.
    const recording = await recordScreen(page, 2500);
    const scanner = await createScanner();
    const decoder = new FrameDecoder();
    for (const picture of recording.pictures) {
      const found = scanner.scan(decodePng(picture.png));
      if (found !== undefined && decoder.push(found.payload).status === 'complete') break;
    }
    expect(decoder.complete).toBe(true);
    const response = transferToMessage(decoder.result()) as SigningResponse;
    decoder.dispose();
    expect(response.kind).toBe('response');
    expect(response.results.map((r) => r.status)).toEqual([...Array(11).fill('signed'), 'refused']);
    expect(verifyResponse(request, response, keys)).toBe(22);

    // Escape closes the answer; the camera still shows the same request, which is offered its answer again.
    await page.keyboard.press('Escape');
    await waitForStep(browser, 'step-again');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('again-show');
    await page.keyboard.press('Escape');
    await waitForStep(browser, 'step-scan');

    // The PIN is nowhere: not in the page, its URL, or anything the server printed.
    expect(await page.content()).not.toContain(USER_PIN);
    expect(browser.requests.join('\n')).not.toContain(USER_PIN);
    expect(server.output()).not.toContain(USER_PIN);
    // Nothing but our own server, and no broken rule of the content security policy.
    const origin = new URL(server.url).origin;
    expect(browser.requests.filter((u) => !u.startsWith(`${origin}/`))).toEqual([]);
    expect(browser.problems.filter((p) => /Content Security Policy|Refused to/i.test(p))).toEqual([]);
  });

  it('refuses on the operator\'s word, answers unreadable requests with an error, and holds decisions to their review', async () => {
    const cookie = (await browser.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const api = async (path: string, body?: Uint8Array | string) => {
      const r = await fetch(new URL(path, server.url), { method: body === undefined ? 'GET' : 'POST', headers: { 'x-airsign-page': '1', cookie }, ...(body === undefined ? {} : { body: body as BodyInit }) });
      return { status: r.status, reply: (await r.json()) as { ok: boolean; code?: string; value?: Record<string, unknown> } };
    };
    const garbage = await api('/api/request', new Uint8Array([1, 2, 3, 4, 5]));
    expect(garbage.reply.value).toMatchObject({ answer: { kind: 'error', signed: 0 } });
    await api('/api/close', '');

    const fresh = makeRequest(keys, [{ key: 0, name: 'org.example.other', versionCode: 1 }]);
    const reviewed = await api('/api/request', messageToTransfer(fresh));
    const digest = (reviewed.reply.value as { review: { requestDigest: string } }).review.requestDigest;
    const stale = await api('/api/decision', JSON.stringify({ requestDigest: '0'.repeat(64), approve: true, confirm: 1 }));
    expect([stale.status, stale.reply.code]).toEqual([409, 'USAGE']);
    const refused = await api('/api/decision', JSON.stringify({ requestDigest: digest, approve: false }));
    expect(refused.reply.value).toMatchObject({ kind: 'response', signed: 0, refused: 1 });
    const response = transferToMessage(new Uint8Array(Buffer.from((refused.reply.value as { transfer: string }).transfer, 'base64'))) as SigningResponse;
    expect(response.results).toMatchObject([{ status: 'refused', reason: 'OPERATOR_REFUSED' }]);
    // That decision is spent: the same digest again is refused.
    expect((await api('/api/decision', JSON.stringify({ requestDigest: digest, approve: true, confirm: 1 }))).status).toBe(409);
    await api('/api/close', '');
  });

  it('answers API calls only from its own page, on its own host name', async () => {
    const host = new URL(server.url).host;
    const cookie = (await browser.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    expect(await rawCall('/api/state', 'GET', { host, 'x-airsign-page': '1', cookie })).toBe(200);
    expect(await rawCall('/api/state', 'GET', { host, 'x-airsign-page': '1' })).toBe(403);
    expect(await rawCall('/api/state', 'GET', { host, cookie })).toBe(403);
    expect(await rawCall('/api/login', 'POST', { host, 'x-airsign-page': '1', origin: 'http://evil.example' })).toBe(403);
    expect(await rawCall('/api/login', 'POST', { host, 'x-airsign-page': '1', 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await rawCall('/', 'GET', { host: 'evil.example' })).toBe(421);
    expect(await rawCall('/api/state', 'GET', { host: `attacker.example:${new URL(server.url).port}`, 'x-airsign-page': '1' })).toBe(421);
  });

  it('offers a signed request\'s answer again after serve restarts: the same bytes, nothing signed or logged', async () => {
    const audit = join(hsm.dir, 'state', 'audit.log');
    const logged = readFileSync(audit);
    await server.stop();
    server = await startServed('offline/cli/airsign-signer.js', serveArgs, hsm.env);
    const { page } = browser;
    // The camera still plays the request signed in the first test; the new server never showed its answer.
    await page.goto(server.url);
    // Not reviewed again (where the policy would refuse every item as signed before): offered again.
    await page.waitForFunction(() => document.body.dataset.step !== undefined && document.body.dataset.step !== 'step-scan', undefined, { timeout: 60_000, polling: 100 });
    expect(await page.evaluate(() => document.body.dataset.step)).toBe('step-again');
    expect(await page.locator('#again-summary').innerText()).toContain('11 items signed, 1 refused.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('again-show');
    await page.keyboard.press('Enter');
    await waitForStep(browser, 'step-answer');
    expect(await page.locator('#answer-summary').innerText()).toBe('11 items signed, 1 refused.');
    expect(await shownAnswer()).toBe(firstAnswer);
    expect(readFileSync(audit).equals(logged)).toBe(true);
    expect(server.output()).toContain('scanned again: its answer is offered again');
    await page.keyboard.press('Escape');
  });
});
