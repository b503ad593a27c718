/** Where test APKs come from: the real third-party APK shipped by the npm package io.appium.settings. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** io.appium.settings' debug APK (v2-signed by its authors, minSdk 26, zipaligned). */
export const REAL_APK = join(dirname(require.resolve('io.appium.settings/package.json')), 'apks', 'settings_apk-debug.apk');
