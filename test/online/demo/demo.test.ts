/**
 * The main job, as the README's first command runs it: `airsign demo` drives both programs as
 * separate processes on a fresh SoftHSM2 token, carries every message through the camera
 * simulator, and the signed files pass apksigner and jarsigner (checked here again). An APK
 * that needs v1 takes a second round.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTestApk } from '../../support/zip-builder.ts';

/** The demo runs for a minute or two; on a loaded 2-core machine, several. */
const DEMO_TIMEOUT_MS = 420_000;
const AIRSIGN = resolve(import.meta.dirname, '../../../online/cli/airsign.js');
const base = mkdtempSync(join(tmpdir(), 'airsign-demo-test-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function demo(dir: string, args: string[] = []) {
  const r = spawnSync(process.execPath, [AIRSIGN, 'demo', '--dir', dir, ...args], { encoding: 'utf8', timeout: DEMO_TIMEOUT_MS });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('airsign demo', () => {
  it('signs a real APK and an F-Droid index over the QR link both ways, and they verify', { timeout: DEMO_TIMEOUT_MS + 10_000 }, () => {
    const dir = join(base, 'one-round');
    const r = demo(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/signed and verified, 1 round\(s\) over the QR link/);
    expect(r.stdout).toMatch(/io\.appium\.settings +192 \(8\.0\.10\) +APK +v2, v3/);
    expect(r.stdout).toMatch(/entry\.jar +index \S+ +JAR +v1/);
    expect(r.stdout).toMatch(/round 1 request +\d+ frames shown/);
    expect(r.stdout).toMatch(/round 1 response +\d+ frames shown/);
    expect(r.stdout).toMatch(/link time for the job: [\d.]+ s at 10 fps/);
    expect(r.stdout).toContain("settings_apk-debug.apk: apksigner verify: verifies (v2, v3); signer certificate is the ceremony's");
    expect(r.stdout).toContain("entry.jar: jarsigner -verify: jar verified; signer certificate is the ceremony's");
    // Progress went to stderr, a line a step; the QR videos are gone, the logs stay.
    expect(r.stderr).toMatch(/key ceremony: .* rsa:3072/);
    expect(existsSync(join(dir, 'link'))).toBe(false);
    expect(readdirSync(join(dir, 'logs')).length).toBeGreaterThan(10);
    const apk = join(dir, 'online/session/out/settings_apk-debug.apk');
    const verified = execFileSync('apksigner', ['verify', '-v', apk], { encoding: 'utf8' });
    expect(verified).toContain('Verified using v2 scheme (APK Signature Scheme v2): true');
    expect(verified).toContain('Verified using v3 scheme (APK Signature Scheme v3): true');
    expect(execFileSync('jarsigner', ['-verify', join(dir, 'online/session/out/entry.jar')], { encoding: 'utf8' })).toContain('jar verified.');
  });

  it('takes a second round for an APK that needs v1', { timeout: DEMO_TIMEOUT_MS + 10_000 }, () => {
    const legacy = join(base, 'legacy.apk');
    writeFileSync(legacy, buildTestApk({ packageName: 'org.example.legacy', versionCode: 5, minSdk: 21 }));
    const dir = join(base, 'two-rounds');
    const r = demo(dir, ['--apk', legacy, '--keep']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2 round\(s\) over the QR link/);
    expect(r.stdout).toMatch(/org\.example\.legacy +5 \(1\.2\.3\) +APK +v1, v2, v3/);
    expect(r.stdout).toMatch(/round 2 response +\d+ frames shown/);
    expect(readdirSync(join(dir, 'link')).filter((n) => n.endsWith('.y4m'))).toHaveLength(10);
    const verified = execFileSync('apksigner', ['verify', '-v', join(dir, 'online/session/out/legacy.apk')], { encoding: 'utf8' });
    expect(verified).toContain('Verified using v1 scheme (JAR signing): true');
    expect(verified).toContain('Verified using v2 scheme (APK Signature Scheme v2): true');
  });

  it('refuses a work directory that is not empty, before doing anything', () => {
    const dir = join(base, 'busy');
    rmSync(dir, { recursive: true, force: true });
    execFileSync('mkdir', ['-p', join(dir, 'something')]);
    const r = demo(dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^airsign: DIR_NOT_EMPTY: /m);
    expect(readdirSync(dir)).toEqual(['something']);
  });
});
