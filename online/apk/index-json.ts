/**
 * Reads the few fields the review needs from an F-Droid index JSON as it streams past, without
 * ever holding the document: `timestamp` and `version` at the top (entry.json) or under `repo`
 * (index-v1.json); entry.json's `index.name`, `index.sha256`, `index.size` and `index.numPackages`; index-v1.json's
 * `repo.name`, the number of elements of the top `apps` list and of the lists in the top
 * `packages` object (counted, never kept). The whole document is still checked to be JSON (RFC 8259), so what is signed
 * is what an F-Droid client can parse. Memory stays at the nesting stack and the few short values
 * kept, whatever the size: a 250 MiB index of whitespace costs no more than a small one.
 */
import { ApkError } from './errors.ts';

/** A value the index holds at one of the places read. */
export type IndexValue = { readonly kind: 'number' | 'string'; readonly text: string } | { readonly kind: 'other' };

export interface IndexFields {
  readonly top: { readonly timestamp?: IndexValue; readonly version?: IndexValue };
  /** Present when the top object has a `repo` object. */
  readonly repo?: { readonly timestamp?: IndexValue; readonly version?: IndexValue; readonly name?: IndexValue };
  /** Present when the top object has an `index` object (entry.json). */
  readonly index?: { readonly name?: IndexValue; readonly sha256?: IndexValue; readonly size?: IndexValue; readonly numPackages?: IndexValue };
  /** The number of elements of the top `apps` list, when it is a list. */
  readonly apps?: number;
  /**
   * The number of elements of all the lists in the top `packages` object, when it is an object
   * whose values are all lists (index-v1: one list of APK versions per package name).
   */
  readonly packages?: number;
}

/** The keys kept in each object whose fields are read. */
const WANTED: Readonly<Record<Role, ReadonlySet<string>>> = {
  top: new Set(['timestamp', 'version']),
  repo: new Set(['timestamp', 'version', 'name']),
  index: new Set(['name', 'sha256', 'size', 'numPackages']),
};
/** The top object's keys that open an object or list read further: each must appear once. */
const TOP_CONTAINERS = new Set(['repo', 'index', 'apps', 'packages']);
/** Bytes kept of a key or a kept string: longer keys are none of ours, longer values are cut. */
const MAX_KEPT = 1024;
const MAX_NUMBER = 512;
const MAX_DEPTH = 256;

type Lex = 'between' | 'string' | 'escape' | 'unicode' | 'number' | 'literal';
type Expect = 'value' | 'key-or-end' | 'key' | 'colon' | 'comma-or-end' | 'value-or-end' | 'done';

type Role = 'top' | 'repo' | 'index';

interface Frame {
  readonly type: 'object' | 'array';
  /** Fields are kept for this object: the top one, or the top one's `repo` or `index`. */
  readonly role?: Role;
  readonly fields?: Record<string, IndexValue>;
  /** Its elements are counted: the top `apps` list, a list in the top `packages` object. */
  readonly counts?: 'apps' | 'packages';
  /** The top `packages` object: each of its values must be a list to be counted. */
  readonly packagesObject?: true;
  /** The keys of ours seen in it (a second one is refused: readers differ on which one counts). */
  readonly seen?: Set<string>;
  key?: string;
}

function bad(why: string): ApkError {
  return new ApkError('BAD_INDEX', `the index is not JSON: ${why}`);
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isWhite = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
const ESCAPES: Record<number, string> = { 0x22: '"', 0x5c: '\\', 0x2f: '/', 0x62: '\b', 0x66: '\f', 0x6e: '\n', 0x72: '\r', 0x74: '\t' };

export class IndexJsonScanner {
  private lex: Lex = 'between';
  private expect: Expect = 'value';
  private readonly stack: Frame[] = [];
  private top: Record<string, IndexValue> | undefined;
  private repo: Record<string, IndexValue> | undefined;
  private index: Record<string, IndexValue> | undefined;
  private apps: number | undefined;
  private packages: number | undefined;
  /** A value of the top `packages` object was not a list: the count says nothing. */
  private packagesNotLists = false;
  /** The value now done is a list that just closed. */
  private closedList = false;
  /** The string or number being read, when it is kept (undefined: skipped). */
  private text: string | undefined;
  private pending: number[] = [];
  private keptBytes = 0;
  private unicode = '';
  private literal = '';
  private literalAt = 0;
  private stringIsKey = false;

  write(data: Uint8Array): void {
    const n = data.length;
    for (let i = 0; i < n; i++) {
      let c = data[i]!;
      switch (this.lex) {
        case 'between':
          // Runs of whitespace and of skipped string bytes are most of a large index: tight loops.
          while (isWhite(c) && ++i < n) c = data[i]!;
          if (i < n) this.startToken(c);
          break;
        case 'string':
          if (this.text === undefined) {
            while (c !== 0x22 && c !== 0x5c && c >= 0x20 && ++i < n) c = data[i]!;
            if (i === n) break;
          }
          if (c === 0x22) this.endString();
          else if (c === 0x5c) this.lex = 'escape';
          else if (c < 0x20) throw bad('a control character inside a string');
          else this.keep(c);
          break;
        case 'escape':
          if (c === 0x75) {
            this.lex = 'unicode';
            this.unicode = '';
          } else {
            const e = ESCAPES[c];
            if (e === undefined) throw bad('a bad escape in a string');
            this.keepChar(e);
            this.lex = 'string';
          }
          break;
        case 'unicode':
          if (!/[0-9a-fA-F]/.test(String.fromCharCode(c))) throw bad('a bad \\u escape in a string');
          this.unicode += String.fromCharCode(c);
          if (this.unicode.length === 4) {
            this.keepChar(String.fromCharCode(parseInt(this.unicode, 16)));
            this.lex = 'string';
          }
          break;
        case 'number':
          if (isDigit(c) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) {
            if (this.text!.length >= MAX_NUMBER) throw bad('a number too long');
            this.text += String.fromCharCode(c);
          } else {
            this.endNumber();
            if (!isWhite(c)) this.startToken(c);
          }
          break;
        case 'literal':
          if (c !== this.literal.charCodeAt(this.literalAt)) throw bad(`a misspelt ${this.literal}`);
          if (++this.literalAt === this.literal.length) {
            this.lex = 'between';
            this.valueDone({ kind: 'other' });
          }
          break;
      }
    }
  }

  /** The input is over: the fields found, or BAD_INDEX if it was not one whole JSON value. */
  end(): IndexFields {
    if (this.lex === 'number') this.endNumber();
    if (this.lex !== 'between' || this.expect !== 'done') throw bad('it ends early');
    return {
      top: this.top ?? {},
      ...(this.repo === undefined ? {} : { repo: this.repo }),
      ...(this.index === undefined ? {} : { index: this.index }),
      ...(this.apps === undefined ? {} : { apps: this.apps }),
      ...(this.packages === undefined || this.packagesNotLists ? {} : { packages: this.packages }),
    };
  }

  private startToken(c: number): void {
    if (c === 0x22) return this.startString();
    if (c === 0x7b || c === 0x5b) return this.open(c === 0x7b ? 'object' : 'array');
    if (c === 0x7d || c === 0x5d) return this.close(c === 0x7d ? 'object' : 'array');
    if (c === 0x3a) {
      if (this.expect !== 'colon') throw bad('a misplaced ":"');
      this.expect = 'value';
      return;
    }
    if (c === 0x2c) {
      if (this.expect !== 'comma-or-end') throw bad('a misplaced ","');
      this.expect = this.frame()!.type === 'object' ? 'key' : 'value';
      return;
    }
    this.beginValue();
    if (c === 0x2d || isDigit(c)) {
      this.lex = 'number';
      this.text = String.fromCharCode(c);
      return;
    }
    const literal = c === 0x74 ? 'true' : c === 0x66 ? 'false' : c === 0x6e ? 'null' : undefined;
    if (literal === undefined) throw bad(`an unexpected byte 0x${c.toString(16)}`);
    this.lex = 'literal';
    this.literal = literal;
    this.literalAt = 1;
  }

  private frame(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Checks that a value may start here. */
  private beginValue(): void {
    if (this.expect !== 'value' && this.expect !== 'value-or-end') throw bad('a value where none belongs');
  }

  /** The frame whose fields take the value now starting, and under which key. */
  private keptSlot(): { fields: Record<string, IndexValue>; key: string } | undefined {
    const f = this.frame();
    return f?.fields !== undefined && f.role !== undefined && f.key !== undefined && WANTED[f.role].has(f.key) ? { fields: f.fields, key: f.key } : undefined;
  }

  private open(type: 'object' | 'array'): void {
    this.beginValue();
    if (this.stack.length >= MAX_DEPTH) throw bad(`nesting deeper than ${MAX_DEPTH}`);
    const parent = this.frame();
    const underTop = this.stack.length === 1 && parent?.role === 'top' ? parent.key : undefined;
    let frame: Frame = { type };
    if (type === 'object' && parent === undefined) frame = { type, role: 'top', fields: (this.top = {}), seen: new Set<string>() };
    else if (type === 'object' && underTop === 'repo') frame = { type, role: 'repo', fields: (this.repo = {}), seen: new Set<string>() };
    else if (type === 'object' && underTop === 'index') frame = { type, role: 'index', fields: (this.index = {}), seen: new Set<string>() };
    else if (type === 'array' && underTop === 'apps') {
      this.apps = 0;
      frame = { type, counts: 'apps' };
    } else if (type === 'object' && underTop === 'packages') {
      this.packages = 0;
      frame = { type, packagesObject: true };
    } else if (type === 'array' && this.stack.length === 2 && parent?.packagesObject === true) frame = { type, counts: 'packages' };
    this.stack.push(frame);
    this.expect = type === 'object' ? 'key-or-end' : 'value-or-end';
  }

  private close(type: 'object' | 'array'): void {
    const f = this.frame();
    const ok = f?.type === type && (this.expect === 'comma-or-end' || this.expect === (type === 'object' ? 'key-or-end' : 'value-or-end'));
    if (!ok) throw bad(`a misplaced "${type === 'object' ? '}' : ']'}"`);
    this.stack.pop();
    this.closedList = type === 'array';
    this.valueDone({ kind: 'other' });
  }

  private startString(): void {
    const isKey = this.expect === 'key' || this.expect === 'key-or-end';
    if (!isKey) this.beginValue();
    this.stringIsKey = isKey;
    this.lex = 'string';
    // A key is kept where fields are read; a string value where it is one of ours.
    this.text = (isKey ? this.frame()?.fields !== undefined : this.keptSlot() !== undefined) ? '' : undefined;
    this.pending = [];
    this.keptBytes = 0;
  }

  private keep(c: number): void {
    // Past MAX_KEPT bytes the rest of a string is not kept: no key of ours is that long, and a
    // kept value is shown cut short anyway.
    if (this.text === undefined || ++this.keptBytes > MAX_KEPT) return;
    if (c < 0x80) {
      this.flush();
      this.text += String.fromCharCode(c);
    } else {
      this.pending.push(c);
    }
  }

  private keepChar(s: string): void {
    if (this.text === undefined) return;
    if (++this.keptBytes > MAX_KEPT) return;
    this.flush();
    this.text += s;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.text += Buffer.from(this.pending).toString('utf8');
    this.pending = [];
  }

  private endString(): void {
    this.lex = 'between';
    if (this.text !== undefined) this.flush();
    const text = this.text;
    this.text = undefined;
    if (this.stringIsKey) {
      const f = this.frame()!;
      f.key = text ?? '';
      if (f.seen !== undefined && f.role !== undefined && (WANTED[f.role].has(f.key) || (f.role === 'top' && TOP_CONTAINERS.has(f.key)))) {
        if (f.seen.has(f.key)) throw new ApkError('BAD_INDEX', `the index has "${f.key}" twice in one object`);
        f.seen.add(f.key);
      }
      this.expect = 'colon';
      return;
    }
    this.valueDone(text === undefined ? { kind: 'other' } : { kind: 'string', text });
  }

  private endNumber(): void {
    this.lex = 'between';
    const text = this.text!;
    this.text = undefined;
    if (!NUMBER.test(text)) throw bad(`a malformed number ${text.slice(0, 40)}`);
    this.valueDone({ kind: 'number', text });
  }

  /** A value (scalar, object or array) is complete: keep it if it is one of ours, and move on. */
  private valueDone(value: IndexValue): void {
    const slot = this.keptSlot();
    // An object or array closing is the value of the frame below it, which keptSlot now sees.
    if (slot !== undefined) slot.fields[slot.key] = value;
    const f = this.frame();
    if (f?.counts === 'apps') this.apps!++;
    else if (f?.counts === 'packages') this.packages!++;
    // A value of the top `packages` object that is not a list (a list closing comes here as 'other' too).
    else if (f?.packagesObject === true && !this.closedList) this.packagesNotLists = true;
    this.closedList = false;
    if (f !== undefined) f.key = undefined;
    this.expect = f === undefined ? 'done' : 'comma-or-end';
  }
}
