/** What an artifact is, as the operator sees it: read from the AndroidManifest.xml of an APK or the index of a JAR. */
import type { FdroidIndexClaim } from '../../protocol/kinds/index.ts';
import type { AndroidKind } from './android-kind.ts';
import { ApkError } from './errors.ts';
import { readIndexJar } from './index-jar.ts';
import { readAndroidManifest } from './manifest/android-manifest.ts';
import { readEntryBytes } from './zip/entry-data.ts';
import { openArchive } from './zip/zip-archive.ts';
import type { ZipArchive } from './zip/zip-archive.ts';

export interface ArtifactInfo {
  readonly artifact: AndroidKind;
  /** Package name (APK) or file name (JAR). */
  readonly name: string;
  /** versionCode (APK) or index timestamp (JAR). */
  readonly versionCode: number;
  readonly versionName: string;
  /** APK only. */
  readonly minSdkVersion?: number;
  readonly targetSdkVersion?: number;
  /** JAR only: what the index asserts about the repository. */
  readonly fdroidIndex?: FdroidIndexClaim;
  readonly entries: number;
}

const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

/** The kind of an archive: one with AndroidManifest.xml is an APK, any other a JAR. */
export function archiveKind(archive: ZipArchive): AndroidKind {
  return archive.entry('AndroidManifest.xml') !== undefined ? 'apk' : 'jar';
}

/** The kind of the archive at `path` (reads its central directory only). */
export function identifyArtifact(path: string): AndroidKind {
  const archive = openArchive(path);
  try {
    return archiveKind(archive);
  } finally {
    archive.file.close();
  }
}

/** An archive with AndroidManifest.xml is an APK; otherwise a JAR, whose name must fit an index. */
export function readArtifactInfo(archive: ZipArchive, path: string, options: { artifact?: AndroidKind; jarName?: string } = {}): ArtifactInfo {
  const manifest = archive.entry('AndroidManifest.xml');
  const artifact = options.artifact ?? archiveKind(archive);
  if (artifact === 'apk') {
    if (manifest === undefined) throw new ApkError('NO_ANDROID_MANIFEST', 'the APK has no AndroidManifest.xml');
    const m = readAndroidManifest(readEntryBytes(archive.file, manifest, MAX_MANIFEST_BYTES));
    return {
      artifact, name: m.packageName, versionCode: m.versionCode, versionName: m.versionName,
      minSdkVersion: m.minSdkVersion, targetSdkVersion: m.targetSdkVersion, entries: archive.entries.length,
    };
  }
  const index = readIndexJar(archive, path, options.jarName);
  return {
    artifact, name: index.name, versionCode: index.timestamp, versionName: index.version, entries: archive.entries.length,
    ...(index.fdroidIndex === undefined ? {} : { fdroidIndex: index.fdroidIndex }),
  };
}
