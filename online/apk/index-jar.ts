/**
 * F-Droid repository index JARs: entry.jar holds entry.json, index-v1.jar holds index-v1.json.
 * The operator sees the JAR's name and the index timestamp, which the default policy requires to
 * rise, so an old index cannot be signed again to roll a repository back.
 */
import { basename } from 'node:path';
import { fromHex } from '../../protocol/bytes.ts';
import { MAX_INDEX_COUNT } from '../../protocol/kinds/index.ts';
import type { FdroidIndexClaim } from '../../protocol/kinds/index.ts';
import { LIMITS } from '../../protocol/limits.ts';
import { text } from '../../protocol/messages/fields.ts';
import { ApkError } from './errors.ts';
import { checkIndexBeside } from './index-beside.ts';
import { IndexJsonScanner } from './index-json.ts';
import type { IndexFields, IndexValue } from './index-json.ts';
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
  /** What the index asserts about the repository, for the review (absent when it asserts none of it). */
  readonly fdroidIndex?: FdroidIndexClaim;
}

const REPO_NAME_MAX = 100;

/** A repository name as the review shows it: cut to fit with "…" (never inside a character); hidden or control characters refused. */
function repoName(value: IndexValue | undefined, jsonName: string): string | undefined {
  if (value === undefined) return undefined;
  if (value.kind !== 'string') throw new ApkError('BAD_INDEX', `${jsonName} has a repository name that is not a string`, { entry: jsonName });
  const chars = Array.from(value.text);
  let name = value.text;
  if (name.length > REPO_NAME_MAX) {
    name = '';
    for (const c of chars) {
      if (name.length + c.length > REPO_NAME_MAX - 1) break;
      name += c;
    }
    name += '…';
  }
  if (!text(REPO_NAME_MAX).safeParse(name).success) throw new ApkError('BAD_INDEX', `${jsonName} has a repository name with control, bidi or invisible characters`, { entry: jsonName });
  return name;
}

function count(value: number | undefined, what: string, jsonName: string): number | undefined {
  if (value !== undefined && value > MAX_INDEX_COUNT) throw new ApkError('BAD_INDEX', `${jsonName} has ${value} ${what}, beyond ${MAX_INDEX_COUNT}`, { entry: jsonName });
  return value;
}

/** entry.json: index.numPackages (package names in index-v2, so apps) and index.sha256; index-v1.json: repo.name, apps, packages. */
function indexClaim(fields: IndexFields, jsonName: string): FdroidIndexClaim | undefined {
  const numPackages = fields.index?.numPackages;
  let apps = fields.apps;
  if (numPackages !== undefined) {
    const n = numPackages.kind === 'number' ? Number(numPackages.text) : NaN;
    if (!Number.isSafeInteger(n) || n < 0) throw new ApkError('BAD_INDEX', `${jsonName} has an index.numPackages that is not a count`, { entry: jsonName });
    // An index with both would be neither entry.json nor index-v1.json: say nothing rather than pick one.
    apps = apps === undefined ? n : undefined;
  }
  const sha = fields.index?.sha256;
  if (sha !== undefined && (sha.kind !== 'string' || !/^[0-9a-f]{64}$/.test(sha.text))) throw new ApkError('BAD_INDEX', `${jsonName} has an index.sha256 that is not a SHA-256 in hex`, { entry: jsonName });
  const claim: FdroidIndexClaim = {
    ...(fields.repo?.name === undefined ? {} : { repoName: repoName(fields.repo.name, jsonName)! }),
    ...(count(apps, 'apps', jsonName) === undefined ? {} : { apps: apps! }),
    ...(count(fields.packages, 'packages', jsonName) === undefined ? {} : { packages: fields.packages! }),
    ...(sha === undefined ? {} : { indexV2Sha256: fromHex(sha.text) }),
  };
  return Object.keys(claim).length === 0 ? undefined : claim;
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
  const fdroidIndex = indexClaim(fields, jsonName);
  if (jsonName === 'entry.json') checkIndexBeside(path, fields.index);
  return { name, timestamp, version: versionText.slice(0, 100), ...(fdroidIndex === undefined ? {} : { fdroidIndex }) };
}
