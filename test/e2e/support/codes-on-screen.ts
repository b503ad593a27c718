/**
 * How many QR codes a page's canvas shows right now: the canvas's own pixels (what the page drew,
 * taken with toDataURL), read by zbarimg (an outside reader: `--xml` lists each symbol) and by our
 * own scanner, which must agree.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { decodePng, MAX_CODES_PER_FRAME, STILL_SCANNER } from '../../../protocol/optical/index.ts';
import { createScanner } from '../../../node/wasm.ts';

export interface CodesSeen {
  /** Distinct payloads our scanner read. */
  readonly ours: number;
  /** Symbols zbarimg listed, or undefined when zbarimg is missing (said on the console). */
  readonly zbar: number | undefined;
}

export async function codesOnCanvas(page: Page, selector: string, dir: string, name: string): Promise<CodesSeen> {
  const url = await page.locator(selector).evaluate((canvas) => (canvas as HTMLCanvasElement).toDataURL('image/png'));
  const png = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
  const path = join(dir, `${name}.png`);
  writeFileSync(path, png);
  const scanner = await createScanner(STILL_SCANNER);
  const found = scanner.scanAll(decodePng(new Uint8Array(png)), MAX_CODES_PER_FRAME);
  const ours = new Set(found.map((f) => Buffer.from(f.payload).toString('hex'))).size;
  const zbar = spawnSync('zbarimg', ['--xml', '-q', path], { encoding: 'latin1' });
  if (zbar.error !== undefined) {
    console.warn(`zbarimg not run (${zbar.error.message}): codes counted by our scanner only`);
    return { ours, zbar: undefined };
  }
  return { ours, zbar: (zbar.stdout.match(/<symbol /g) ?? []).length };
}
