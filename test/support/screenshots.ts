/**
 * Screenshots of the pages at each step, for docs/operator-pages.md. Taken only when asked
 * (AIRSIGN_SCREENSHOTS=1 writes docs/screenshots/, any other value is a directory), so an ordinary
 * test run changes no tracked file: `npm run screenshots` runs the page tests that way.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';

const root = resolve(import.meta.dirname, '../..');

function screenshotDir(): string | undefined {
  const asked = process.env.AIRSIGN_SCREENSHOTS;
  if (asked === undefined || asked === '' || asked === '0') return undefined;
  return asked === '1' ? join(root, 'docs/screenshots') : resolve(asked);
}

export function screenshotsWanted(): boolean {
  return screenshotDir() !== undefined;
}

/** Saves the page's viewport as NAME.png when screenshots are asked for. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = screenshotDir();
  if (dir === undefined) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.png`), await page.screenshot({ animations: 'allow', caret: 'hide' }));
}
