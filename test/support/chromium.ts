/**
 * Headless Chromium for the page tests, started as the brief says: a new empty profile each time,
 * nothing that talks to the network on its own, and (optionally) a y4m file as its webcam.
 * Every request a page makes is recorded, so tests can show it never left 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every URL the page (and its workers) requested. */
  readonly requests: string[];
  /** Console messages of level error and warning, and page errors. */
  readonly problems: string[];
  close(): Promise<void>;
}

export const SCREEN = { width: 1280, height: 720 } as const;

export async function launchChromium(options: { camera?: string } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'airsign-chromium-'));
  const args = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    ...(options.camera === undefined ? [] : [`--use-file-for-fake-video-capture=${options.camera}`]),
  ];
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args,
    viewport: SCREEN,
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const requests: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return {
    context,
    page,
    requests,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the page shows a step (its body's data-step), failing early on a page error. */
export async function waitForStep(browser: Browser, step: string, timeout = 60_000): Promise<void> {
  await browser.page.waitForFunction((s) => document.body.dataset.step === s, step, { timeout, polling: 100 });
}
