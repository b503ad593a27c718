/**
 * The v1 signature file (.SF) that crosses the link whole, for APKs whose minSdk is below 19
 * (where Android does not verify PKCS#7 signed attributes, so the signature must cover the .SF
 * itself). The signer signs these bytes only if they are a well-formed signature file and nothing
 * else: a main section of Signature-Version, Created-By, the manifest digest(s) and
 * X-Android-APK-Signed, then one section per entry holding `Name:` and its digest, in the one
 * digest algorithm the item names. Every other byte is refused with a typed problem code, so the
 * rule that the signer never signs bytes of the online side's choosing still holds: what it signs
 * is a list of names and digests it has read, counted and shown.
 */
import { bytesEqual } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { base64 } from '../openpgp/armor.ts';

/** Largest .SF accepted (a 4,000-entry APK's is about 400 KB; the link carries 4 MiB at most). */
export const MAX_SIGNATURE_FILE_BYTES = 1024 * 1024;
/** Most entry sections a .SF may have. */
export const MAX_SIGNATURE_FILE_SECTIONS = 20_000;
/** JAR specification: no line longer than 72 bytes, its line break not counted. */
const MAX_LINE_BYTES = 72;
/** Longest Created-By value accepted (jarsigner and apksigner write a few words). */
const MAX_CREATED_BY = 100;

export type SignatureFileDigest = 'sha1' | 'sha256';

export type SignatureFileProblem =
  | 'SF_TOO_LARGE'
  | 'SF_NOT_TEXT'
  | 'SF_BAD_LINE'
  | 'SF_MAIN_ATTRIBUTE'
  | 'SF_MISSING_ATTRIBUTE'
  | 'SF_SECTION_ATTRIBUTE'
  | 'SF_BAD_NAME'
  | 'SF_DUPLICATE_NAME'
  | 'SF_BAD_DIGEST'
  | 'SF_NO_ENTRIES'
  | 'SF_MANIFEST_DIGEST_MISMATCH';

/** A refused .SF: ProtocolError BAD_SIGNATURE_FILE, with the problem (its message starts with it). */
export class SignatureFileError extends ProtocolError {
  readonly problem: SignatureFileProblem;

  constructor(problem: SignatureFileProblem, message: string) {
    super('BAD_SIGNATURE_FILE', `${problem}: ${message}`, { fields: ['signatureFile'] });
    this.problem = problem;
  }
}

/** What a well-formed .SF asserts, for the review and the audit log. */
export interface SignatureFileSummary {
  readonly digestAlgorithm: SignatureFileDigest;
  /** Entry sections (one per file of the APK the manifest lists). */
  readonly entries: number;
  /** The digest of the whole MANIFEST.MF that the .SF states. */
  readonly manifestDigest: Uint8Array;
  /** X-Android-APK-Signed, the APK Signature Scheme ids that must also be present (empty if absent). */
  readonly apkSignedSchemes: readonly number[];
  readonly createdBy: string | undefined;
}

/** The attribute-name prefix of each digest algorithm, as java.util.jar and apksig write them. */
const DIGEST_PREFIX: Record<SignatureFileDigest, string> = { sha1: 'SHA1', sha256: 'SHA-256' };
const DIGEST_BYTES: Record<SignatureFileDigest, number> = { sha1: 20, sha256: 32 };
/** Names that v1 never lists: directories and the signature files themselves. */
const SIGNATURE_FILE_NAME = /^META-INF\/[^/]*\.(?:SF|RSA|DSA|EC)$|^META-INF\/MANIFEST\.MF$|^META-INF\/SIG-[^/]*$/i;

export function isSignatureFileError(e: unknown): e is SignatureFileError {
  return e instanceof SignatureFileError;
}

function fail(problem: SignatureFileProblem, message: string): never {
  throw new SignatureFileError(problem, message);
}

interface Line {
  readonly bytes: Uint8Array;
  readonly number: number;
}

/** Splits into CRLF lines; refuses control bytes, a lone CR or LF, and bytes after the last line break. */
function splitLines(sf: Uint8Array): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (let i = 0; i < sf.length; i++) {
    const b = sf[i]!;
    if (b === 0x0d) {
      if (sf[i + 1] !== 0x0a) fail('SF_NOT_TEXT', `a CR without LF at byte ${i}`);
      if (i - start > MAX_LINE_BYTES) fail('SF_BAD_LINE', `line ${lines.length + 1} is ${i - start} bytes long (at most ${MAX_LINE_BYTES})`);
      lines.push({ bytes: sf.subarray(start, i), number: lines.length + 1 });
      i++;
      start = i + 1;
    } else if (b < 0x20 || b === 0x7f) {
      fail('SF_NOT_TEXT', `control byte 0x${b.toString(16).padStart(2, '0')} at byte ${i}`);
    }
  }
  if (start !== sf.length) fail('SF_BAD_LINE', 'the file does not end with a line break');
  return lines;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function text(bytes: Uint8Array, where: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    return fail('SF_NOT_TEXT', `${where} is not UTF-8`);
  }
}

interface Section {
  /** Attributes in order, each once. */
  readonly attributes: readonly (readonly [string, string])[];
  readonly line: number;
}

/** Parses one section's lines into attributes, joining continuation lines (their bytes, then UTF-8). */
function parseSection(lines: readonly Line[], main: boolean): Section {
  const joined: { parts: Uint8Array[]; number: number }[] = [];
  for (const line of lines) {
    if (line.bytes[0] === 0x20) {
      const last = joined.at(-1);
      if (last === undefined) fail('SF_BAD_LINE', `line ${line.number} continues nothing`);
      last.parts.push(line.bytes.subarray(1));
    } else {
      joined.push({ parts: [line.bytes], number: line.number });
    }
  }
  const attributes: [string, string][] = [];
  const seen = new Set<string>();
  for (const j of joined) {
    const size = j.parts.reduce((n, p) => n + p.length, 0);
    const all = new Uint8Array(size);
    let at = 0;
    for (const p of j.parts) {
      all.set(p, at);
      at += p.length;
    }
    const line = text(all, `line ${j.number}`);
    const colon = line.indexOf(': ');
    if (colon <= 0 || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(line.slice(0, colon))) fail('SF_BAD_LINE', `line ${j.number} is not "Name: value"`);
    const name = line.slice(0, colon);
    if (seen.has(name.toLowerCase())) fail(main ? 'SF_MAIN_ATTRIBUTE' : 'SF_SECTION_ATTRIBUTE', `attribute ${name} twice in one section (line ${j.number})`);
    seen.add(name.toLowerCase());
    attributes.push([name, line.slice(colon + 2)]);
  }
  return { attributes, line: lines[0]?.number ?? 0 };
}

/** Sections separated by one empty line each; the last ends with one too (plus apksig's extra one, see below). */
function sections(sf: Uint8Array): Section[] {
  const lines = splitLines(sf);
  // apksig adds one CRLF when the file is a multiple of 1024 bytes (a bug of Android 1.6's
  // java.util.jar); a signature file may end with that one extra empty line, only then.
  if (sf.length > 2 && (sf.length - 2) % 1024 === 0 && lines.length >= 2 && lines.at(-1)!.bytes.length === 0 && lines.at(-2)!.bytes.length === 0) lines.pop();
  const out: Section[] = [];
  let current: Line[] = [];
  for (const line of lines) {
    if (line.bytes.length > 0) {
      current.push(line);
      continue;
    }
    if (current.length === 0) fail('SF_BAD_LINE', `an empty line where a section should start (line ${line.number})`);
    if (out.length > MAX_SIGNATURE_FILE_SECTIONS) fail('SF_TOO_LARGE', `more than ${MAX_SIGNATURE_FILE_SECTIONS} sections`);
    out.push(parseSection(current, out.length === 0));
    current = [];
  }
  if (current.length > 0) fail('SF_BAD_LINE', 'the last section does not end with an empty line');
  return out;
}

/** Canonical base64 of exactly `length` bytes. */
function digestValue(value: string, length: number, where: string): Uint8Array {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length !== Math.ceil(length / 3) * 4) fail('SF_BAD_DIGEST', `${where} is not the base64 of ${length} bytes`);
  const bytes = new Uint8Array(length);
  const raw = atob(value);
  if (raw.length !== length) fail('SF_BAD_DIGEST', `${where} is not the base64 of ${length} bytes`);
  for (let i = 0; i < length; i++) bytes[i] = raw.charCodeAt(i);
  if (base64(bytes) !== value) fail('SF_BAD_DIGEST', `${where} is not canonical base64`);
  return bytes;
}

/** Which algorithm an attribute name's prefix says, for the messages ("SHA-256-Digest" → sha256). */
function algorithmOf(name: string, suffix: string): SignatureFileDigest | undefined {
  for (const [algorithm, prefix] of Object.entries(DIGEST_PREFIX) as [SignatureFileDigest, string][]) if (name === `${prefix}${suffix}`) return algorithm;
  return undefined;
}

function checkMain(main: Section, algorithm: SignatureFileDigest): Omit<SignatureFileSummary, 'entries'> {
  const prefix = DIGEST_PREFIX[algorithm];
  const [first] = main.attributes;
  if (first === undefined || first[0] !== 'Signature-Version') fail('SF_MISSING_ATTRIBUTE', 'the main section does not start with Signature-Version');
  if (first[1] !== '1.0') fail('SF_MAIN_ATTRIBUTE', `Signature-Version is ${JSON.stringify(first[1].slice(0, 20))}, not 1.0`);
  let manifestDigest: Uint8Array | undefined;
  let createdBy: string | undefined;
  let apkSignedSchemes: number[] = [];
  for (const [name, value] of main.attributes.slice(1)) {
    if (name === 'Created-By') {
      // eslint-disable-next-line no-control-regex -- refusing control characters is the point
      if (value.length > MAX_CREATED_BY || /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/.test(value)) fail('SF_MAIN_ATTRIBUTE', 'Created-By is too long or not plain text');
      createdBy = value;
    } else if (name === `${prefix}-Digest-Manifest`) {
      manifestDigest = digestValue(value, DIGEST_BYTES[algorithm], name);
    } else if (name === `${prefix}-Digest-Manifest-Main-Attributes`) {
      digestValue(value, DIGEST_BYTES[algorithm], name);
    } else if (name === 'X-Android-APK-Signed') {
      if (!/^[23](, [23])?$/.test(value) || value === '2, 2' || value === '3, 3' || value === '3, 2') fail('SF_MAIN_ATTRIBUTE', `X-Android-APK-Signed ${JSON.stringify(value.slice(0, 20))} is not "2", "3" or "2, 3"`);
      apkSignedSchemes = value.split(', ').map(Number);
    } else {
      const other = algorithmOf(name, '-Digest-Manifest') ?? algorithmOf(name, '-Digest-Manifest-Main-Attributes');
      if (other !== undefined) fail('SF_BAD_DIGEST', `${name} where the item names ${algorithm}`);
      fail('SF_MAIN_ATTRIBUTE', `the main section may not hold ${JSON.stringify(name.slice(0, 40))}`);
    }
  }
  if (manifestDigest === undefined) fail('SF_MISSING_ATTRIBUTE', `no ${prefix}-Digest-Manifest in the main section`);
  return { digestAlgorithm: algorithm, manifestDigest, apkSignedSchemes, createdBy };
}

function checkEntry(section: Section, algorithm: SignatureFileDigest, names: Set<string>): void {
  const digestName = `${DIGEST_PREFIX[algorithm]}-Digest`;
  const [first, second, ...rest] = section.attributes;
  if (first === undefined || first[0] !== 'Name') fail('SF_SECTION_ATTRIBUTE', `the section at line ${section.line} does not start with Name`);
  const name = first[1];
  if (name.length === 0 || name.endsWith('/') || name.startsWith('/') || SIGNATURE_FILE_NAME.test(name)) fail('SF_BAD_NAME', `${JSON.stringify(name.slice(0, 60))} is not an entry v1 lists`);
  if (names.has(name)) fail('SF_DUPLICATE_NAME', `two sections for ${JSON.stringify(name.slice(0, 60))}`);
  names.add(name);
  if (second === undefined) fail('SF_SECTION_ATTRIBUTE', `the section of ${JSON.stringify(name.slice(0, 60))} has no ${digestName}`);
  if (second[0] !== digestName) {
    if (algorithmOf(second[0], '-Digest') !== undefined) fail('SF_BAD_DIGEST', `${second[0]} where the item names ${algorithm}`);
    fail('SF_SECTION_ATTRIBUTE', `the section of ${JSON.stringify(name.slice(0, 60))} holds ${JSON.stringify(second[0].slice(0, 40))}`);
  }
  if (rest.length > 0) fail('SF_SECTION_ATTRIBUTE', `the section of ${JSON.stringify(name.slice(0, 60))} holds ${JSON.stringify(rest[0]![0].slice(0, 40))} besides its digest`);
  digestValue(second[1], DIGEST_BYTES[algorithm], `the digest of ${JSON.stringify(name.slice(0, 60))}`);
}

/**
 * Reads the .SF strictly and returns what it asserts; throws SignatureFileError for anything that
 * is not a signature file of names and digests in `algorithm`, or whose manifest digest is not
 * `manifestDigest` (the item's own statement of it).
 */
export function checkSignatureFile(sf: Uint8Array, algorithm: SignatureFileDigest, manifestDigest: Uint8Array): SignatureFileSummary {
  if (sf.length > MAX_SIGNATURE_FILE_BYTES) fail('SF_TOO_LARGE', `${sf.length} bytes (at most ${MAX_SIGNATURE_FILE_BYTES})`);
  const [main, ...entries] = sections(sf);
  if (main === undefined) fail('SF_MISSING_ATTRIBUTE', 'the file is empty');
  const summary = checkMain(main, algorithm);
  if (entries.length === 0) fail('SF_NO_ENTRIES', 'no entry sections: an APK has at least its AndroidManifest.xml');
  const names = new Set<string>();
  for (const entry of entries) checkEntry(entry, algorithm, names);
  if (!bytesEqual(summary.manifestDigest, manifestDigest)) fail('SF_MANIFEST_DIGEST_MISMATCH', 'the manifest digest in the .SF is not the one the item states');
  return { ...summary, entries: entries.length };
}
