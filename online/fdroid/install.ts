/**
 * When the answer of an `airsign fdroid` session comes back (`airsign receive`), the signed files
 * go into repo/: each index JAR replaces the old one atomically, but only while the JSON it holds
 * is still repo/'s (a JAR signed over JSON that changed since is stale: reported, left out, the
 * old one kept); each signed APK goes in under fdroidserver's name, its unsigned copy is removed
 * from unsigned/ (as fdroid publish does), and its source tarball moves along. An APK signed with
 * a key the signer made for it has that key's certificate pinned under the app's alias first
 * (the session pinned it when the answer came in), so the next publish of the app uses it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileDurable } from '../../node/durable.ts';
import { FdroidError } from './errors.ts';
import { jsonInJar, sha256Hex } from './jar-json.ts';
import { loadMarker } from './session-marker.ts';
import type { ApkPlan } from './session-marker.ts';
import { verifyArtifact } from '../apk/index.ts';
import { Spool, loadPin } from '../store/index.ts';
import { repoLayout } from './repo-layout.ts';
import { loadAppKeys, saveAppKey } from './repo-pins.ts';

/**
 * The app's new key, as the repository's pin under its alias: the certificate the signed APK is
 * signed with, which the session pinned from the signer's answer (the same certificate, checked).
 * An alias pinned meanwhile to another certificate is refused, never replaced.
 */
async function pinMadeKey(sessionDir: string, repoRoot: string, plan: ApkPlan, signed: string, log: (line: string) => void): Promise<void> {
  const report = await verifyArtifact(signed);
  const spool = await Spool.openReadOnly(sessionDir);
  const pins = await Promise.all(report.signers.map((sha) => loadPin(spool.layout, sha)));
  const pin = pins.length === 1 ? pins[0] : undefined;
  if (pin === undefined) throw new FdroidError('NO_APP_KEY', `${plan.fileName} is signed by ${report.signers.join(', ') || 'no key'}, not by one key this session pinned from the signer's answer; not installed`);
  const layout = repoLayout(repoRoot);
  const old = (await loadAppKeys(layout)).get(plan.alias);
  if (old !== undefined && old.sha256 !== pin.sha256) throw new FdroidError('CERT_MISMATCH', `the key alias ${plan.alias} is pinned to ${old.sha256.slice(0, 16)}… already, and ${plan.fileName} is signed by the new key ${pin.sha256.slice(0, 16)}…; not installed`);
  if (old !== undefined) return;
  await saveAppKey(layout, plan.alias, pin);
  log(`pinned the new app key ${plan.alias} for ${plan.appId}: certificate ${pin.sha256} (${pin.subject})`);
}

/** Atomically into place, readable by the web server that serves repo/ (the spool's files are private). */
async function publishFile(target: string, bytes: Uint8Array): Promise<void> {
  await writeFileDurable(target, bytes, { mode: 0o644 });
}

export interface InstallResult {
  readonly installed: string[];
  readonly stale: string[];
}

/** Installs what is signed in the session's out/; nothing for a session not made by `airsign fdroid`. */
export async function installSigned(sessionDir: string, log: (line: string) => void): Promise<InstallResult | undefined> {
  const marker = await loadMarker(sessionDir);
  if (marker === undefined) return undefined;
  const repo = join(marker.repoRoot, 'repo');
  const out = join(sessionDir, 'out');
  const installed: string[] = [];
  const stale: string[] = [];
  for (const plan of marker.indexJars) {
    const signed = join(out, plan.jarName);
    if (!existsSync(signed)) continue;
    const target = join(repo, plan.jarName);
    const signedJson = jsonInJar(signed, plan.jsonName);
    const current = existsSync(join(repo, plan.jsonName)) ? readFileSync(join(repo, plan.jsonName)) : undefined;
    if (signedJson === undefined || current === undefined || !signedJson.equals(current)) {
      stale.push(`${plan.jarName}: stale, not installed: repo/${plan.jsonName} changed since it was signed (or is gone); run "airsign fdroid index ${marker.repoRoot}" again`);
      continue;
    }
    if (sha256Hex(signedJson) !== plan.jsonSha256) {
      stale.push(`${plan.jarName}: not installed: the signed JAR holds other JSON than this session last prepared; run "airsign fdroid index ${marker.repoRoot}" again`);
      continue;
    }
    const bytes = readFileSync(signed);
    if (existsSync(target) && readFileSync(target).equals(bytes)) continue;
    await publishFile(target, bytes);
    installed.push(`repo/${plan.jarName}`);
  }
  for (const plan of marker.apks) {
    const signed = join(out, plan.fileName);
    if (!existsSync(signed)) continue;
    const target = join(repo, plan.fileName);
    if (plan.newKey === true) await pinMadeKey(sessionDir, marker.repoRoot, plan, signed, log);
    const bytes = readFileSync(signed);
    if (existsSync(target)) {
      if (!readFileSync(target).equals(bytes)) throw new FdroidError('ALREADY_PUBLISHED', `repo/${plan.fileName} exists and is another file; not replaced`);
    } else {
      await publishFile(target, bytes);
      installed.push(`repo/${plan.fileName} (${plan.appId}, key ${plan.alias})`);
    }
    await rm(plan.unsignedPath, { force: true });
    const tarball = plan.unsignedPath.replace(/\.apk$/, '_src.tar.gz');
    if (existsSync(tarball)) await rename(tarball, join(repo, basename(tarball)));
  }
  for (const line of installed) log(`installed ${line}`);
  return { installed, stale };
}
