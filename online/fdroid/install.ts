/**
 * When the answer of an `airsign fdroid` session comes back (`airsign receive`), the signed files
 * go into repo/: each index JAR replaces the old one atomically, but only while the JSON it holds
 * is still repo/'s (a JAR signed over JSON that changed since is stale: reported, left out, the
 * old one kept); each signed APK goes in under fdroidserver's name, its unsigned copy is removed
 * from unsigned/ (as fdroid publish does), and its source tarball moves along. A key the signer
 * made for an app has its certificate pinned under the app's alias as soon as an answer brought it
 * (the session pinned it then), so the next publish of the app uses it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { writeFileDurable } from '../../node/durable.ts';
import { FdroidError } from './errors.ts';
import { jsonInJar, sha256Hex } from './jar-json.ts';
import { loadMarker } from './session-marker.ts';
import type { ApkPlan } from './session-marker.ts';
import { Spool, loadPin } from '../store/index.ts';
import { repoLayout } from './repo-layout.ts';
import { parseNewKeyRef } from '../pipeline/new-key.ts';
import { loadAppKeys, saveAppKey } from './repo-pins.ts';

/**
 * The app's new key, as the repository's pin under its alias: the certificate the session pinned
 * from the signer's answer, once the APK's record names it (pipeline/stages/check.ts). Before the
 * answer (or if the signer refused) there is none yet, and nothing is pinned. An alias pinned
 * meanwhile to another certificate is refused, never replaced.
 */
async function pinMadeKey(sessionDir: string, repoRoot: string, plan: ApkPlan, log: (line: string) => void): Promise<void> {
  const spool = await Spool.openReadOnly(sessionDir);
  const keys = [...new Set(spool.artifacts().filter((a) => a.fileName === plan.fileName && parseNewKeyRef(a.key) === undefined).map((a) => a.key))];
  const pins = (await Promise.all(keys.map((sha) => loadPin(spool.layout, sha)))).filter((p) => p !== undefined && p.label === plan.alias);
  if (pins.length === 0) return;
  if (pins.length > 1) throw new FdroidError('CERT_MISMATCH', `${plan.fileName} was signed with ${pins.length} new keys for the alias ${plan.alias} in this session; pin the one to keep with airsign fdroid init --app-cert`);
  const pin = pins[0]!;
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
    // Pinned as soon as the answer brought it (a v1 app's first round), whatever becomes of the APK: the key is in the HSM now.
    if (plan.newKey === true) await pinMadeKey(sessionDir, marker.repoRoot, plan, log);
    const signed = join(out, plan.fileName);
    if (!existsSync(signed)) continue;
    const target = join(repo, plan.fileName);
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
  for (const plan of marker.signatures ?? []) {
    const signed = join(out, `${plan.fileName}.asc`);
    const file = join(marker.repoRoot, plan.dir, plan.fileName);
    const target = `${file}.asc`;
    if (!existsSync(signed) || existsSync(target)) continue;
    if (!existsSync(file) || sha256Hex(readFileSync(file)) !== plan.sha256) {
      stale.push(`${plan.dir}/${plan.fileName}.asc: not installed: ${plan.dir}/${plan.fileName} changed since it was signed (or is gone); run "airsign fdroid gpgsign ${marker.repoRoot}" again`);
      continue;
    }
    await publishFile(target, readFileSync(signed));
    installed.push(`${plan.dir}/${plan.fileName}.asc`);
  }
  for (const line of installed) log(`installed ${line}`);
  return { installed, stale };
}
