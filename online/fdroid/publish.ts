/**
 * `airsign fdroid publish`: the unsigned APKs in unsigned/ as `fdroid publish` takes them (named
 * <appid>_<versionCode>.apk, each app with metadata, none already in repo/, each the app and
 * version its name says since the key is picked by it), each app's key by fdroidserver's alias
 * rule, every app and every key in one request (a v1 app's second round comes back with the
 * answer, all such apps in one request again). When the answer comes back the signed
 * APKs go into repo/ under the same names (install.ts), ready for `fdroid update --nosign`.
 *
 * An app's key is the one pinned under its alias (`airsign fdroid init --app-cert ALIAS=FILE`).
 * An app without one is refused, naming the alias to create, unless `newKeyType` is given: then
 * its item asks the signer to make the key (alias, type, package), which the signer does only if
 * its policy allows it (a createKeys rule), and the certificate it returns is pinned under the
 * alias when the answer comes back (install.ts).
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
import { checkAlias, loadAppKeys } from './repo-pins.ts';
import type { NewKeyRequest, NewKeyType } from '../../protocol/messages/index.ts';
import { recordPlan } from './session-marker.ts';
import type { ApkPlan } from './session-marker.ts';

/** fdroidserver's publish_name_regex, for APKs. */
const PUBLISHED_NAME = /^(.+)_([0-9]+)\.apk$/;
const METADATA = /^(.+)\.yml$/;

export type PlannedApk = ApkPlan & { readonly versionCode: number } & ({ readonly pin: PinnedCertificate; readonly keyToMake?: undefined } | { readonly pin?: undefined; readonly keyToMake: NewKeyRequest });

export interface PublishPlan {
  readonly apks: readonly PlannedApk[];
}

export interface PublishOptions {
  /** For an app with no pinned key: ask the signer to make one of this type (else NO_APP_KEY). */
  readonly newKeyType?: NewKeyType;
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
export async function planPublish(root: string, options: PublishOptions = {}): Promise<PublishPlan> {
  const layout = repoLayout(root);
  if (!existsSync(layout.unsigned)) throw new FdroidError('NOTHING_TO_PUBLISH', `${root} has no unsigned/ directory: nothing to publish`);
  const files = readdirSync(layout.unsigned).filter((n) => n.endsWith('.apk')).sort();
  if (files.length === 0) throw new FdroidError('NOTHING_TO_PUBLISH', `${root}/unsigned/ holds no APK: nothing to publish`);
  const apps = new Set(metadataAppIds(layout));
  checkAliasCollisions(apps);
  const aliases = readKeyAliases(readFileSync(layout.config, 'utf8'));
  const keys = await loadAppKeys(layout);
  const missing: string[] = [];
  const apks: PlannedApk[] = [];
  for (const fileName of files) {
    const m = PUBLISHED_NAME.exec(fileName);
    if (m === null) throw new FdroidError('BAD_APK_NAME', `unsigned/${fileName}: invalid name for a published file (fdroidserver wants <appid>_<versionCode>.apk)`);
    const appId = m[1]!;
    if (!apps.has(appId)) throw new FdroidError('NO_METADATA', `unexpected unsigned/${fileName}: there is no metadata/${appId}.yml (fdroid publish halts on it too)`);
    if (existsSync(join(layout.repo, fileName))) throw new FdroidError('ALREADY_PUBLISHED', `refusing to sign ${fileName}: it exists in both unsigned/ and repo/`);
    checkPackage(join(layout.unsigned, fileName), fileName, appId, Number(m[2]));
    const alias = keyAlias(appId, aliases);
    const pin = keys.get(alias);
    const common = { fileName, unsignedPath: join(layout.unsigned, fileName), appId, alias, versionCode: Number(m[2]) };
    if (pin !== undefined) {
      apks.push({ ...common, pin });
    } else if (options.newKeyType !== undefined) {
      checkAlias(alias);
      // A key is made for one item: a second version of the app waits until the first is signed and its key pinned.
      const twice = apks.find((a) => a.keyToMake !== undefined && a.alias === alias);
      if (twice !== undefined) throw new FdroidError('NEW_APP_TWICE', `${twice.fileName} and ${fileName} both need the new key "${alias}": a key is made for one APK; move ${fileName} out of unsigned/ until ${twice.fileName} is published`);
      apks.push({ ...common, keyToMake: { alias, keyType: options.newKeyType, package: appId } });
    } else {
      missing.push(`${appId} needs the key "${alias}"`);
    }
  }
  if (missing.length > 0) {
    throw new FdroidError(
      'NO_APP_KEY',
      `no pinned key for ${missing.join('; ')}. Make each on the signer (airsign-signer keygen --uri "pkcs11:token=TOKEN;object=ALIAS" ..., then export-cert) and pin it: airsign fdroid init ${root} --app-cert ALIAS=FILE; or give --new-keys TYPE to have the signer make each one on this publish, if its policy allows it (a createKeys rule, docs/fdroid.md)`,
    );
  }
  return { apks };
}

export interface PublishRequest extends RequestResult {
  readonly plan: PublishPlan;
}

export async function requestPublishSigning(root: string, sessionDir: string, parts: PipelineParts, log: (line: string) => void, options: PublishOptions = {}): Promise<PublishRequest> {
  const plan = await planPublish(root, options);
  for (const apk of plan.apks) {
    log(apk.pin !== undefined ? `${apk.fileName}: ${apk.appId} ${apk.versionCode}, key ${apk.alias} (certificate ${apk.pin.sha256.slice(0, 16)}…)` : `${apk.fileName}: ${apk.appId} ${apk.versionCode}, NEW KEY ${apk.alias} (${apk.keyToMake.keyType}), to be made by the signer if its policy allows`);
  }
  const pins = plan.apks.flatMap((a) => (a.pin === undefined ? [] : [a.pin]));
  const result = await requestSigning({ dir: sessionDir, files: plan.apks.map((a) => a.unsignedPath), pins: pins.length === 0 ? undefined : pins, newKeys: plan.apks.map((a) => a.keyToMake), parts, log });
  await recordPlan(sessionDir, repoLayout(root).root, { apks: plan.apks.map(({ fileName, unsignedPath, appId, alias, keyToMake }) => ({ fileName, unsignedPath, appId, alias, ...(keyToMake === undefined ? {} : { newKey: true }) })) });
  return { ...result, plan };
}
