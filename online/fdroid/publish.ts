/**
 * `airsign fdroid publish`: the unsigned APKs in unsigned/ as `fdroid publish` takes them (named
 * <appid>_<versionCode>.apk, each app with metadata, none already in repo/, each the app and
 * version its name says since the key is picked by it), each app's key by fdroidserver's alias
 * rule, every app and every key in one request (a v1 app's second round comes back with the
 * answer, all such apps in one request again). When the answer comes back the signed
 * APKs go into repo/ under the same names (install.ts), ready for `fdroid update --nosign`.
 *
 * The keys must exist in the HSM and their certificates be pinned (`airsign fdroid init
 * --app-cert ALIAS=FILE`): an app without one is refused, naming the alias to create.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readArtifactInfo } from '../apk/artifact-info.ts';
import { openArchive } from '../apk/zip/zip-archive.ts';
import type { PipelineParts } from '../pipeline/index.ts';
import { requestSigning } from '../session/index.ts';
import type { RequestResult } from '../session/index.ts';
import type { PinnedCertificate } from '../store/index.ts';
import { readKeyAliases } from './config-yml.ts';
import { FdroidError } from './errors.ts';
import { checkAliasCollisions, keyAlias } from './key-alias.ts';
import { repoLayout } from './repo-layout.ts';
import type { RepoLayout } from './repo-layout.ts';
import { loadAppKeys } from './repo-pins.ts';
import { recordPlan } from './session-marker.ts';
import type { ApkPlan } from './session-marker.ts';

/** fdroidserver's publish_name_regex, for APKs. */
const PUBLISHED_NAME = /^(.+)_([0-9]+)\.apk$/;
const METADATA = /^(.+)\.yml$/;

export interface PublishPlan {
  readonly apks: readonly (ApkPlan & { readonly versionCode: number; readonly pin: PinnedCertificate })[];
}

/** The APK must be the app its name says: its key is picked by that name. */
function checkPackage(path: string, fileName: string, appId: string, versionCode: number): void {
  const archive = openArchive(path);
  try {
    const info = readArtifactInfo(archive, path, { artifact: 'apk' });
    if (info.name !== appId || info.versionCode !== versionCode) {
      throw new FdroidError('PACKAGE_MISMATCH', `unsigned/${fileName} holds ${info.name} version ${info.versionCode}, not what its name says (${appId} ${versionCode}); it would be signed with ${appId}'s key`);
    }
  } finally {
    archive.file.close();
  }
}

function metadataAppIds(layout: RepoLayout): string[] {
  if (!existsSync(layout.metadata)) return [];
  return readdirSync(layout.metadata).flatMap((n) => METADATA.exec(n)?.[1] ?? []).sort();
}

/** Everything checked before anything is copied: names, metadata, aliases, keys, repo/ clashes. */
export async function planPublish(root: string): Promise<PublishPlan> {
  const layout = repoLayout(root);
  if (!existsSync(layout.unsigned)) throw new FdroidError('NOTHING_TO_PUBLISH', `${root} has no unsigned/ directory: nothing to publish`);
  const files = readdirSync(layout.unsigned).filter((n) => n.endsWith('.apk')).sort();
  if (files.length === 0) throw new FdroidError('NOTHING_TO_PUBLISH', `${root}/unsigned/ holds no APK: nothing to publish`);
  const apps = new Set(metadataAppIds(layout));
  checkAliasCollisions(apps);
  const aliases = readKeyAliases(readFileSync(layout.config, 'utf8'));
  const keys = await loadAppKeys(layout);
  const missing: string[] = [];
  const apks: (ApkPlan & { versionCode: number; pin: PinnedCertificate })[] = [];
  for (const fileName of files) {
    const m = PUBLISHED_NAME.exec(fileName);
    if (m === null) throw new FdroidError('BAD_APK_NAME', `unsigned/${fileName}: invalid name for a published file (fdroidserver wants <appid>_<versionCode>.apk)`);
    const appId = m[1]!;
    if (!apps.has(appId)) throw new FdroidError('NO_METADATA', `unexpected unsigned/${fileName}: there is no metadata/${appId}.yml (fdroid publish halts on it too)`);
    if (existsSync(join(layout.repo, fileName))) throw new FdroidError('ALREADY_PUBLISHED', `refusing to sign ${fileName}: it exists in both unsigned/ and repo/`);
    checkPackage(join(layout.unsigned, fileName), fileName, appId, Number(m[2]));
    const alias = keyAlias(appId, aliases);
    const pin = keys.get(alias);
    if (pin === undefined) {
      missing.push(`${appId} needs the key "${alias}"`);
      continue;
    }
    apks.push({ fileName, unsignedPath: join(layout.unsigned, fileName), appId, alias, versionCode: Number(m[2]), pin });
  }
  if (missing.length > 0) {
    throw new FdroidError(
      'NO_APP_KEY',
      `no pinned key for ${missing.join('; ')}. Make each on the signer (airsign-signer keygen --uri "pkcs11:token=TOKEN;object=ALIAS" ..., then export-cert) and pin it: airsign fdroid init ${root} --app-cert ALIAS=FILE. Keys are not made on first publish yet`,
    );
  }
  return { apks };
}

export interface PublishRequest extends RequestResult {
  readonly plan: PublishPlan;
}

export async function requestPublishSigning(root: string, sessionDir: string, parts: PipelineParts, log: (line: string) => void): Promise<PublishRequest> {
  const plan = await planPublish(root);
  for (const apk of plan.apks) log(`${apk.fileName}: ${apk.appId} ${apk.versionCode}, key ${apk.alias} (certificate ${apk.pin.sha256.slice(0, 16)}…)`);
  const result = await requestSigning({ dir: sessionDir, files: plan.apks.map((a) => a.unsignedPath), pins: plan.apks.map((a) => a.pin), parts, log });
  await recordPlan(sessionDir, repoLayout(root).root, { apks: plan.apks.map(({ fileName, unsignedPath, appId, alias }) => ({ fileName, unsignedPath, appId, alias })) });
  return { ...result, plan };
}
