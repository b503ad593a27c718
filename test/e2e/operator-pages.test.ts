/**
 * The whole job through both operator pages in real browsers. A fresh SoftHSM2 token and a real
 * key ceremony (`airsign-signer keygen`); `airsign request` makes the session; `airsign show`
 * serves the online page and `airsign-signer serve` the signer page. Every hop is a recording of
 * what one page showed, played as the other page's webcam:
 *
 *   online page (request QR) ─record─▶ y4m ─camera─▶ signer page: review, PIN, sign, answer QR
 *   signer page (answer QR)  ─record─▶ y4m ─camera─▶ online page: results (and the next request)
 *
 * Cases: an APK signed v2+v3 in one round, an APK that needs v1 too (two rounds), and an F-Droid
 * index JAR. The signed files pass apksigner verify / jarsigner -verify.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApk, makeIndexJar } from '../online/helpers/apks.ts';
import { signerCli } from '../offline/support/cli.ts';
import { USER_PIN, freshSoftHsm } from '../offline/support/softhsm.ts';
import type { SoftHsm } from '../offline/support/softhsm.ts';
import { apksignerVerify, jarsignerVerify } from '../support/tools.ts';
import { startServed } from '../support/served-program.ts';
import type { ServedProgram } from '../support/served-program.ts';
import { operatorLegs } from './support/legs.ts';
import type { LegTimes } from './support/legs.ts';
import { onlineCli } from './support/online-cli.ts';

let hsm: SoftHsm;
let signer: ServedProgram;
let cert: string;
const times: { case: string; legs: LegTimes[] }[] = [];

beforeAll(async () => {
  hsm = freshSoftHsm();
  hsm.initToken('release');
  cert = join(hsm.dir, 'release.pem');
  const state = join(hsm.dir, 'signer-state');
  const keygen = signerCli(['keygen', '--uri', 'pkcs11:token=release;object=release', '--type', 'rsa:3072', '--subject', 'CN=airsign e2e release key', '--cert-out', cert, '--pin-file', hsm.pinFile, '--state', state], hsm.env);
  expect(keygen.status, keygen.stderr).toBe(0);
  const policy = join(hsm.dir, 'policy.json');
  expect(signerCli(['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=release', '--kind', 'apk', '--kind', 'jar'], hsm.env).status).toBe(0);
  signer = await startServed('offline/cli/airsign-signer.js', ['serve', '--port', '0', '--policy', policy, '--state', state, '--uri', 'pkcs11:token=release', '--allow-network'], hsm.env);
}, 180_000);

afterAll(async () => {
  if (signer !== undefined) {
    expect(signer.output()).not.toContain(USER_PIN);
    await signer.stop();
  }
  for (const t of times) for (const leg of t.legs) console.log(`${t.case}, round ${leg.round}: ${JSON.stringify(leg)}`);
  hsm?.remove();
});

/** A GET with exactly these headers (a browser would not let a page set Host or drop its own). */
function rawStatus(base: string, path: string, headers: Record<string, string>): Promise<number> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: url.port, path: url.pathname, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Requests the artifact's signing, runs every round through both pages, returns the signed file. */
async function throughThePages(label: string, artifact: string, fileName: string, expectRounds: number): Promise<string> {
  const session = join(hsm.dir, `session-${label}`);
  const requested = onlineCli(['request', artifact, '--cert', cert, '--session', session], hsm.env);
  expect(requested.status, requested.stderr).toBe(0);
  const show = await startServed('online/cli/airsign.js', ['show', session, '--port', '0'], hsm.env);
  try {
    // Its API answers its own page only, on its own host name.
    const host = new URL(show.url).host;
    expect(await rawStatus(show.url, 'api/state', { host, 'x-airsign-page': '1' })).toBe(200);
    expect(await rawStatus(show.url, 'api/state', { host })).toBe(403);
    expect(await rawStatus(show.url, 'api/state', { host, 'x-airsign-page': '1', 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await rawStatus(show.url, 'api/state', { host: `rebound.example:${new URL(show.url).port}`, 'x-airsign-page': '1' })).toBe(421);
    const legs = await operatorLegs({ label, onlineUrl: show.url, signerUrl: signer.url, work: join(hsm.dir, `video-${label}`), pin: USER_PIN, fileName });
    times.push({ case: label, legs });
    expect(legs).toHaveLength(expectRounds);
  } finally {
    await show.stop();
  }
  return join(session, 'out', fileName);
}

describe('both operator pages in Chromium, linked by recordings of each other', () => {
  it('signs an APK with v2 and v3 in one round', async () => {
    const apk = join(hsm.dir, 'modern.apk');
    await makeApk(apk, { packageName: 'org.example.modern', versionCode: 12, versionName: '1.2', minSdk: 26, padBytes: 40_000 });
    const signed = await throughThePages('v2v3', apk, 'modern.apk', 1);
    const verified = apksignerVerify(signed);
    expect(verified.ok, verified.output).toBe(true);
    expect(verified.schemes).toEqual(['v2', 'v3']);
    expect(verified.certSha256).toHaveLength(1);
  });

  it('signs an APK that needs v1 as well, in two rounds', async () => {
    const apk = join(hsm.dir, 'legacy.apk');
    await makeApk(apk, { packageName: 'org.example.legacy', versionCode: 5, versionName: '0.5', minSdk: 21, padBytes: 40_000 });
    const signed = await throughThePages('v1v2v3', apk, 'legacy.apk', 2);
    const verified = apksignerVerify(signed);
    expect(verified.ok, verified.output).toBe(true);
    expect(verified.schemes).toEqual(['v1', 'v2', 'v3']);
  });

  it('signs an F-Droid index JAR', async () => {
    const repo = join(hsm.dir, 'repo');
    mkdirSync(repo);
    const jar = join(repo, 'entry.jar');
    await makeIndexJar(jar, 'entry.jar', 1_764_000_000_000);
    const signed = await throughThePages('index', jar, 'entry.jar', 1);
    const verified = jarsignerVerify(signed);
    expect(verified.ok, verified.output).toBe(true);
    expect(readFileSync(signed).length).toBeGreaterThan(readFileSync(jar).length);
  });
});
