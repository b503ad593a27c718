/**
 * JAR manifests (MANIFEST.MF and .SF files share the format): "Name: value" lines of at most 72
 * bytes, longer values continued on lines starting with one space, sections separated by an empty
 * line, CRLF line ends. Written byte-exact; parsed keeping each section's raw bytes, because the
 * .SF file signs the digests of MANIFEST.MF's sections as they are written.
 */
import { ApkError } from '../errors.ts';

const MAX_LINE = 72;

/** One header line, wrapped at 72 bytes (of UTF-8) as java.util.jar writes it. */
export function headerLine(name: string, value: string): string {
  const line = `${name}: ${value}`;
  // Printable ASCII (nearly always): bytes are characters, so the line can be cut as a string.
  if (/^[ -~]*$/.test(line)) {
    if (line.length <= MAX_LINE) return `${line}\r\n`;
    let out = `${line.slice(0, MAX_LINE)}\r\n`;
    for (let at = MAX_LINE; at < line.length; at += MAX_LINE - 1) out += ` ${line.slice(at, at + MAX_LINE - 1)}\r\n`;
    return out;
  }
  // Otherwise cut the UTF-8 bytes (a character may straddle two lines, as in java.util.jar), kept as latin1 text.
  const bytes = Buffer.from(line, 'utf8');
  let out = `${bytes.subarray(0, MAX_LINE).toString('latin1')}\r\n`;
  for (let at = MAX_LINE; at < bytes.length; at += MAX_LINE - 1) out += ` ${bytes.subarray(at, at + MAX_LINE - 1).toString('latin1')}\r\n`;
  return out;
}

/**
 * A section: its lines, then the empty line that ends it. The text holds one character per byte
 * (latin1): encode it with Buffer.from(text, 'latin1').
 */
export function section(lines: readonly (readonly [string, string])[]): string {
  let out = '';
  for (const [n, v] of lines) out += headerLine(n, v);
  return `${out}\r\n`;
}

export interface ManifestSection {
  readonly attributes: ReadonlyMap<string, string>;
  /** The section's bytes as in the file, its closing empty line included. */
  readonly raw: Buffer;
}

export interface ParsedManifest {
  readonly main: ManifestSection;
  /** Named sections by their Name: value. */
  readonly entries: ReadonlyMap<string, ManifestSection>;
}

function bad(file: string, message: string): ApkError {
  return new ApkError('VERIFY_FAILED', `${file}: ${message}`, { entry: file });
}

/** Splits into lines (CRLF, LF or CR), each with its end offset including the line break. */
function lines(bytes: Buffer): { text: Buffer; end: number }[] {
  const out: { text: Buffer; end: number }[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b !== 0x0a && b !== 0x0d) continue;
    const end = b === 0x0d && bytes[i + 1] === 0x0a ? i + 2 : i + 1;
    out.push({ text: bytes.subarray(start, i), end });
    start = end;
    i = end - 1;
  }
  if (start < bytes.length) out.push({ text: bytes.subarray(start), end: bytes.length });
  return out;
}

export function parseManifest(bytes: Buffer, file: string): ParsedManifest {
  const sections: ManifestSection[] = [];
  let attributes = new Map<string, string>();
  let sectionStart = 0;
  let last: string | undefined;
  const pending: Buffer[] = [];
  const flushLine = () => {
    if (pending.length === 0) return;
    const text = Buffer.concat(pending).toString('utf8');
    pending.length = 0;
    const colon = text.indexOf(': ');
    if (colon <= 0) throw bad(file, `malformed line "${text.slice(0, 40)}"`);
    last = text.slice(0, colon);
    if (attributes.has(last)) throw bad(file, `attribute ${last} given twice in a section`);
    attributes.set(last, text.slice(colon + 2));
  };
  const closeSection = (end: number) => {
    flushLine();
    sections.push({ attributes, raw: bytes.subarray(sectionStart, end) });
    attributes = new Map();
    sectionStart = end;
    last = undefined;
  };
  for (const line of lines(bytes)) {
    if (line.text.length === 0) {
      // An empty line ends a section (extra empty lines before a section are skipped).
      if (attributes.size > 0 || pending.length > 0 || sections.length === 0) closeSection(line.end);
      else sectionStart = line.end;
    } else if (line.text[0] === 0x20) {
      if (pending.length === 0 && last === undefined) throw bad(file, 'continuation line with nothing to continue');
      pending.push(line.text.subarray(1));
    } else {
      flushLine();
      pending.push(line.text);
    }
  }
  if (attributes.size > 0 || pending.length > 0) closeSection(bytes.length);
  const [main, ...rest] = sections;
  if (main === undefined) throw bad(file, 'empty');
  const entries = new Map<string, ManifestSection>();
  for (const s of rest) {
    const name = s.attributes.get('Name');
    if (name === undefined) throw bad(file, 'a section without Name');
    if (entries.has(name)) throw bad(file, `two sections for ${name}`);
    entries.set(name, s);
  }
  return { main, entries };
}
