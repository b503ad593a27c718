/**
 * The demo's real APK: Appium Settings, a small third-party app whose npm package ships its
 * debug build (apks/settings_apk-debug.apk). Its old debug signatures are replaced by ours.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DemoError } from './errors.ts';

export const SAMPLE_PACKAGE = 'io.appium.settings';

export function sampleApkPath(): string {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve(`${SAMPLE_PACKAGE}/package.json`));
  } catch (cause) {
    throw new DemoError('SAMPLE_MISSING', `the npm package ${SAMPLE_PACKAGE} is not installed (npm ci installs it), or give --apk FILE`, { cause });
  }
  const apk = join(dir, 'apks', 'settings_apk-debug.apk');
  if (!existsSync(apk)) throw new DemoError('SAMPLE_MISSING', `${apk} is missing from the ${SAMPLE_PACKAGE} package; give --apk FILE`);
  return apk;
}
