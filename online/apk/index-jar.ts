/**
 * F-Droid repository index JARs: entry.jar holds entry.json, index-v1.jar holds index-v1.json.
 * The operator sees the JAR's name and the index timestamp, which the default policy requires to
 * rise, so an old index cannot be signed again to roll a repository back.
 */
import { basename } from 'node:path';
import { LIMITS } from '../../protocol/limits.ts';
import { ApkError } from './errors.ts';
import { IndexJsonScanner } from './index-json.ts';
import type { IndexFields } from './index-json.ts';
import { streamEntryBytes } from './zip/entry-data.ts';
import type { ZipArchive } from './zip/zip-archive.ts';

/** f-droid.org's index-v1.json is tens of megabytes; this bounds the bytes read (the parse streams). */
const MAX_INDEX_BYTES = 256 * 1024 * 1024;
const JAR_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.jar$/;

export interface IndexJarInfo {
  readonly name: string;
  /** The index timestamp (milliseconds since 1970). */
  readonly timestamp: number;
  /** The index format version, as text. */
  readonly version: string;
}

export function readIndexJar(archive: ZipArchive, path: string, name = basename(path)): IndexJarInfo {
  if (!JAR_NAME.test(name)) throw new ApkError('NOT_AN_INDEX_JAR', `"${name}" is not a JAR file name`);
  const jsonName = `${name.slice(0, -'.jar'.length)}.json`;
  const entry = archive.entry(jsonName);
  if (entry === undefined) throw new ApkError('NOT_AN_INDEX_JAR', `${name} holds no ${jsonName}`);
  const scanner = new IndexJsonScanner();
  let fields: IndexFields;
  try {
    // Streamed: the document is never held, as a string or as objects.
    streamEntryBytes(archive.file, entry, MAX_INDEX_BYTES, (data) => scanner.write(data));
    fields = scanner.end();
  } catch (cause) {
    if (cause instanceof ApkError && cause.code !== 'BAD_INDEX') throw cause;
    throw new ApkError('BAD_INDEX', `${jsonName}: ${(cause as Error).message}`, { entry: jsonName, cause });
  }
  // entry.json has timestamp and version at the top; index-v1.json has them under "repo".
  const holder = fields.top.timestamp !== undefined ? fields.top : fields.repo;
  const timestamp = holder?.timestamp?.kind === 'number' ? Number(holder.timestamp.text) : undefined;
  const version = holder?.version;
  if (timestamp === undefined || !Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new ApkError('BAD_INDEX', `${jsonName} has no valid timestamp`, { entry: jsonName });
  }
  if (timestamp > LIMITS.maxVersionCode) throw new ApkError('BAD_INDEX', `${jsonName} has a timestamp of ${timestamp}, beyond ${LIMITS.maxVersionCode}`, { entry: jsonName });
  const versionText = version?.kind === 'number' ? String(Number(version.text)) : version?.kind === 'string' ? version.text : '';
  return { name, timestamp, version: versionText.slice(0, 100) };
}
