/**
 * What fdroidserver's signindex checks before it signs, and a little more: entry.json's index-v2
 * file exists inside repo/, its SHA-256 and size are what entry.json says, every JSON file parses
 * (index-v2 to an object, index-v1 with its apps list), and the timestamps rise over the JARs
 * already signed in repo/. Also what the operator is shown: the repository's name, the timestamp,
 * the number of apps and packages, the index-v2 SHA-256.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FdroidError } from './errors.ts';
import { jsonInJar, sha256Hex } from './jar-json.ts';
import type { RepoLayout } from './repo-layout.ts';

export interface IndexFile {
  readonly jsonName: 'entry.json' | 'index-v1.json';
  readonly jarName: 'entry.jar' | 'index-v1.jar';
  readonly jsonPath: string;
  readonly bytes: Buffer;
  readonly timestamp: number;
}

export interface IndexSummary {
  readonly repoName: string;
  readonly timestamp: number;
  readonly apps: number;
  readonly packages: number;
  readonly indexV2Sha256: string;
  readonly files: readonly IndexFile[];
  /** Signed JARs in repo/ over JSON that changed since (each a line for the maintainer). */
  readonly stale: readonly string[];
}

const INDEX_NAME = /^\/(?:[A-Za-z0-9_][A-Za-z0-9._-]*\/)*[A-Za-z0-9_][A-Za-z0-9._-]*$/;

function parse(path: string, bytes: Buffer, what: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new FdroidError('BAD_INDEX_JSON', `${what} is not JSON: ${(cause as Error).message}`, { cause });
  }
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new FdroidError('BAD_INDEX_JSON', `${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function timestampOf(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new FdroidError('BAD_INDEX_JSON', `${what} has no valid timestamp`);
  return value;
}

function localized(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const map = value as Record<string, unknown>;
    const text = map['en-US'] ?? Object.values(map)[0];
    if (typeof text === 'string') return text;
  }
  return '(no name)';
}

function readJson(layout: RepoLayout, name: string): { path: string; bytes: Buffer } {
  const path = join(layout.repo, name);
  if (!existsSync(path)) throw new FdroidError('INDEX_MISSING', `repo/${name} is missing: run "fdroid update --nosign" in ${layout.root} first`);
  return { path, bytes: readFileSync(path) };
}

/** An older signed JAR in repo/: its timestamp must be below the new one; its JSON, if different, makes it stale. */
function againstSigned(layout: RepoLayout, file: IndexFile, stale: string[], timestampOfJson: (bytes: Buffer) => number): void {
  const jar = join(layout.repo, file.jarName);
  const signedJson = jsonInJar(jar, file.jsonName);
  if (signedJson === undefined || signedJson.equals(file.bytes)) return;
  const old = timestampOfJson(signedJson);
  if (old >= file.timestamp) throw new FdroidError('TIMESTAMP_NOT_RISING', `repo/${file.jsonName} has timestamp ${file.timestamp}, not above the ${old} of the signed repo/${file.jarName}: clients would keep the old index; run "fdroid update --nosign" again`);
  stale.push(`repo/${file.jarName} is stale: it was signed over an older ${file.jsonName} (timestamp ${old}); it stays until the new one comes back signed`);
}

export function checkIndex(layout: RepoLayout): IndexSummary {
  const entry = readJson(layout, 'entry.json');
  const entryJson = object(parse(entry.path, entry.bytes, 'repo/entry.json'), 'repo/entry.json');
  const index = object(entryJson.index, 'repo/entry.json "index"');
  const name = index.name;
  if (typeof name !== 'string' || !INDEX_NAME.test(name) || name.split('/').includes('..')) throw new FdroidError('BAD_INDEX_JSON', `repo/entry.json names its index ${JSON.stringify(name)}: not a file inside repo/`);
  const v2Path = join(layout.repo, name.slice(1));
  if (!existsSync(v2Path)) throw new FdroidError('INDEX_FILE_MISSING', `repo/entry.json points at ${name}, which does not exist in repo/`);
  const v2Bytes = readFileSync(v2Path);
  const v2Sha256 = sha256Hex(v2Bytes);
  if (index.sha256 !== v2Sha256) {
    const said = typeof index.sha256 === 'string' ? index.sha256 : JSON.stringify(index.sha256);
    throw new FdroidError('BAD_INDEX_HASH', `repo${name} has bad SHA-256: it is ${v2Sha256}, entry.json says ${said}${/^0+$/.test(said) ? ' (all zeros)' : ''}`);
  }
  if (index.size !== v2Bytes.length) throw new FdroidError('BAD_INDEX_SIZE', `repo${name} has ${v2Bytes.length} bytes, entry.json says ${String(index.size)}`);
  const v2 = object(parse(v2Path, v2Bytes, `repo${name}`), `repo${name}`);
  const v2Repo = object(v2.repo, `repo${name} "repo"`);
  const packages = v2.packages === undefined ? {} : object(v2.packages, `repo${name} "packages"`);
  let versions = 0;
  for (const p of Object.values(packages)) {
    const v = (p as { versions?: unknown }).versions;
    if (v !== null && typeof v === 'object') versions += Object.keys(v).length;
  }
  const timestamp = timestampOf(entryJson.timestamp, 'repo/entry.json');
  const files: IndexFile[] = [{ jsonName: 'entry.json', jarName: 'entry.jar', jsonPath: entry.path, bytes: entry.bytes, timestamp }];
  const v1Path = join(layout.repo, 'index-v1.json');
  if (existsSync(v1Path)) {
    const v1Bytes = readFileSync(v1Path);
    const v1 = object(parse(v1Path, v1Bytes, 'repo/index-v1.json'), 'repo/index-v1.json');
    if (!Array.isArray(v1.apps)) throw new FdroidError('BAD_INDEX_JSON', 'repo/index-v1.json has no "apps" list');
    files.push({ jsonName: 'index-v1.json', jarName: 'index-v1.jar', jsonPath: v1Path, bytes: v1Bytes, timestamp: timestampOf(object(v1.repo, 'repo/index-v1.json "repo"').timestamp, 'repo/index-v1.json') });
  }
  const stale: string[] = [];
  againstSigned(layout, files[0]!, stale, (b) => timestampOf(object(parse('', b, 'the signed entry.json'), 'the signed entry.json').timestamp, 'the signed entry.json'));
  if (files[1] !== undefined) againstSigned(layout, files[1], stale, (b) => timestampOf(object(object(parse('', b, 'the signed index-v1.json'), 'the signed index-v1.json').repo, 'the signed index-v1.json').timestamp, 'the signed index-v1.json'));
  return { repoName: localized(v2Repo.name), timestamp, apps: Object.keys(packages).length, packages: versions, indexV2Sha256: v2Sha256, files, stale };
}
