/**
 * A Release file (Debian's repository metadata, deb822: one paragraph of "Field: value" lines,
 * continuation lines starting with a space or a tab), read as hostile input: bounded, UTF-8,
 * every line either a field or a continuation, no field twice, a Date the rollback rule can
 * compare, a Suite or Codename to keep that rule for, and checksum lists apt could use. What it
 * asserts is returned for the review; anything else is a typed ReleaseFileError.
 */
import { parseReleaseDate } from './date.ts';
import { ReleaseFileError } from './errors.ts';

/**
 * The largest Release file that crosses the link: 1 MiB, several times a large distribution's
 * (600 index files listed under MD5Sum and SHA256 make about 120 KB); the request's canonical bytes
 * must stay under LIMITS.maxMessageBytes (4 MiB) with the rest of the request.
 */
export const MAX_RELEASE_BYTES = 1024 * 1024;

/** The checksum fields apt reads, and the length of each digest in hex. */
export const CHECKSUM_FIELDS = { MD5Sum: 32, SHA1: 40, SHA256: 64, SHA512: 128 } as const;
export type ChecksumField = keyof typeof CHECKSUM_FIELDS;

export interface ReleaseFile {
  readonly origin?: string;
  readonly label?: string;
  readonly suite?: string;
  readonly codename?: string;
  /** Date, in seconds since 1970, and as written. */
  readonly date: number;
  readonly dateText: string;
  readonly validUntil?: number;
  readonly validUntilText?: string;
  readonly architectures: readonly string[];
  readonly components: readonly string[];
  /** Index files the checksum lists name (distinct paths). */
  readonly indexFiles: number;
  /** Entries per checksum field present, in the file's order. */
  readonly checksums: readonly { readonly field: ChecksumField; readonly entries: number }[];
}

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL_OR_HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/;
/** deb822 field names: printable US-ASCII without space or colon, not starting with "#" or "-". */
const FIELD_LINE = /^([!-9;-~]+):(.*)$/;
/** Suite and Codename: what apt puts in a path (dists/<suite>) and the rollback rule keys on. */
const SUITE = /^[A-Za-z0-9][A-Za-z0-9.+_/~-]{0,99}$/;
const WORD = /^[A-Za-z0-9][A-Za-z0-9.+_/~-]{0,99}$/;
const CHECKSUM_LINE = /^[ \t]+([0-9A-Fa-f]+)[ \t]+([0-9]{1,15})[ \t]+(\S+)[ \t]*$/;

interface Field {
  readonly name: string;
  readonly line: number;
  /** The first line's value, trimmed. */
  readonly value: string;
  /** Continuation lines, as written. */
  readonly more: string[];
}

function decode(bytes: Uint8Array): string {
  if (bytes.length > MAX_RELEASE_BYTES) throw new ReleaseFileError('TOO_LARGE', `a Release file is at most ${MAX_RELEASE_BYTES} bytes, this one ${bytes.length}`);
  if (bytes.length === 0) throw new ReleaseFileError('NO_DATE', 'the file is empty');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ReleaseFileError('NOT_UTF8', 'the file is not UTF-8 text');
  }
}

function splitFields(text: string): Map<string, Field> {
  if (text.startsWith('-----BEGIN PGP')) throw new ReleaseFileError('SIGNED_ALREADY', 'this is an OpenPGP message (an InRelease?), not the Release file it signs', 1);
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const fields = new Map<string, Field>();
  let current: Field | undefined;
  for (const [i, line] of lines.entries()) {
    const n = i + 1;
    const bad = CONTROL_OR_HIDDEN.exec(line);
    if (bad !== null) throw new ReleaseFileError('BAD_CHARACTER', `character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} is not allowed (CR, control, bidi or invisible)`, n);
    if (line.trim() === '') throw new ReleaseFileError('NOT_ONE_PARAGRAPH', 'an empty line: a Release file is one paragraph', n);
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (current === undefined) throw new ReleaseFileError('GARBLED_FIELD', 'a continuation line before any field', n);
      current.more.push(line);
      continue;
    }
    const m = FIELD_LINE.exec(line);
    if (m === null || m[1]!.startsWith('#') || m[1]!.startsWith('-')) throw new ReleaseFileError('GARBLED_FIELD', `not a "Field: value" line: ${JSON.stringify(line.slice(0, 60))}`, n);
    const name = m[1]!;
    const key = name.toLowerCase();
    if (fields.has(key)) throw new ReleaseFileError('DUPLICATE_FIELD', `field ${name} again (first on line ${fields.get(key)!.line})`, n);
    current = { name, line: n, value: m[2]!.trim(), more: [] };
    fields.set(key, current);
  }
  return fields;
}

function single(fields: Map<string, Field>, name: string, max: number): string | undefined {
  const f = fields.get(name.toLowerCase());
  if (f === undefined) return undefined;
  if (f.more.length > 0) throw new ReleaseFileError('BAD_VALUE', `${f.name} is a one-line field`, f.line + 1);
  if (f.value.length > max) throw new ReleaseFileError('BAD_VALUE', `${f.name} is at most ${max} characters`, f.line);
  return f.value;
}

function word(fields: Map<string, Field>, name: string, pattern: RegExp): string | undefined {
  const value = single(fields, name, 100);
  if (value !== undefined && !pattern.test(value)) throw new ReleaseFileError('BAD_VALUE', `${name} ${JSON.stringify(value.slice(0, 60))} is not a name apt uses (letters, digits, ".+_/~-")`, fields.get(name.toLowerCase())!.line);
  return value;
}

function words(fields: Map<string, Field>, name: string): string[] {
  const value = single(fields, name, 4000);
  if (value === undefined || value === '') return [];
  const list = value.split(/[ \t]+/);
  const badWord = list.find((w) => !WORD.test(w));
  if (badWord !== undefined) throw new ReleaseFileError('BAD_VALUE', `${name} lists ${JSON.stringify(badWord.slice(0, 60))}, not a name`, fields.get(name.toLowerCase())!.line);
  return list;
}

function date(fields: Map<string, Field>, name: string): { seconds: number; text: string } | undefined {
  const text = single(fields, name, 100);
  if (text === undefined) return undefined;
  const seconds = parseReleaseDate(text);
  if (seconds === undefined) throw new ReleaseFileError('BAD_DATE', `${name} ${JSON.stringify(text.slice(0, 60))} is not a date as apt writes it ("Sun, 06 Dec 2026 21:00:00 UTC")`, fields.get(name.toLowerCase())!.line);
  return { seconds, text };
}

function checksumList(field: Field, hexLength: number, paths: Set<string>): number {
  if (field.value !== '') throw new ReleaseFileError('BAD_CHECKSUM_LINE', `${field.name} lists its files on the lines after it, not on its own line`, field.line);
  for (const [k, line] of field.more.entries()) {
    const n = field.line + 1 + k;
    const m = CHECKSUM_LINE.exec(line);
    if (m === null) throw new ReleaseFileError('BAD_CHECKSUM_LINE', `${field.name}: not " <digest> <size> <path>"`, n);
    if (m[1]!.length !== hexLength) throw new ReleaseFileError('BAD_CHECKSUM_LINE', `${field.name}: a digest of ${m[1]!.length} hex digits, not ${hexLength}`, n);
    const path = m[3]!;
    if (path.startsWith('/') || path.split('/').some((p) => p === '..' || p === '')) throw new ReleaseFileError('BAD_CHECKSUM_LINE', `${field.name}: ${JSON.stringify(path.slice(0, 60))} is not a path inside the suite`, n);
    paths.add(path);
  }
  return field.more.length;
}

/** Reads a Release file; throws ReleaseFileError for anything that is not one. */
export function parseRelease(bytes: Uint8Array): ReleaseFile {
  const fields = splitFields(decode(bytes));
  const when = date(fields, 'Date');
  if (when === undefined) throw new ReleaseFileError('NO_DATE', 'no Date field: apt needs it, and the rollback rule compares it');
  const until = date(fields, 'Valid-Until');
  const suite = word(fields, 'Suite', SUITE);
  const codename = word(fields, 'Codename', SUITE);
  if (suite === undefined && codename === undefined) throw new ReleaseFileError('NO_SUITE', 'neither Suite nor Codename: nothing names the suite');
  const paths = new Set<string>();
  const checksums: { field: ChecksumField; entries: number }[] = [];
  for (const [name, hexLength] of Object.entries(CHECKSUM_FIELDS) as [ChecksumField, number][]) {
    const field = fields.get(name.toLowerCase());
    if (field !== undefined) checksums.push({ field: name, entries: checksumList(field, hexLength, paths) });
  }
  if (checksums.every((c) => c.entries === 0)) throw new ReleaseFileError('NO_CHECKSUMS', 'no checksum list (MD5Sum, SHA1, SHA256, SHA512) names any index file');
  const origin = single(fields, 'Origin', 200);
  const label = single(fields, 'Label', 200);
  return {
    ...(origin === undefined ? {} : { origin }),
    ...(label === undefined ? {} : { label }),
    ...(suite === undefined ? {} : { suite }),
    ...(codename === undefined ? {} : { codename }),
    date: when.seconds,
    dateText: when.text,
    ...(until === undefined ? {} : { validUntil: until.seconds, validUntilText: until.text }),
    architectures: words(fields, 'Architectures'),
    components: words(fields, 'Components'),
    indexFiles: paths.size,
    checksums,
  };
}

/** The suite the rollback rule keeps a floor for: the Suite, else the Codename. */
export function releaseSuite(release: ReleaseFile): string {
  return release.suite ?? release.codename!;
}

/**
 * The names an item may give the file, for the policy: its Suite, its Codename, or either after
 * "<Origin>/" when the Origin is a plain word.
 */
export function releaseNames(release: ReleaseFile): string[] {
  const bare = [release.suite, release.codename].filter((s): s is string => s !== undefined);
  const origin = release.origin !== undefined && WORD.test(release.origin) && !release.origin.includes('/') ? release.origin : undefined;
  return [...(origin === undefined ? [] : bare.map((s) => `${origin}/${s}`)), ...bare];
}
