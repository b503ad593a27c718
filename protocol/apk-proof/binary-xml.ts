/**
 * Android's binary XML, read from hostile bytes on the signer: the string pool, the resource-id map
 * and start/end element chunks. Every offset, count and length is checked against the chunk that
 * holds it before it is used; strings are decoded only when an attribute asks for them (UTF-8
 * strictly, UTF-16 with its lengths checked); elements, attributes and nesting are capped. Any
 * failure is PROOF_BAD_MANIFEST. Read after inflating, so its input is at most a few MiB.
 */
import { ProofError } from './errors.ts';

const CHUNK = { XML: 0x0003, STRING_POOL: 0x0001, RESOURCE_MAP: 0x0180, START_ELEMENT: 0x0102, END_ELEMENT: 0x0103 } as const;
export const VALUE_TYPE = { REFERENCE: 0x01, STRING: 0x03, INT_DEC: 0x10, INT_HEX: 0x11, BOOLEAN: 0x12 } as const;
const NO_INDEX = 0xffffffff;
export const XML_LIMITS = { maxElements: 100_000, maxAttributes: 1_000_000, maxDepth: 256, maxStringChars: 65_535 } as const;

export interface XmlAttribute {
  readonly namespace: string | undefined;
  readonly name: string;
  readonly resourceId: number | undefined;
  readonly rawValue: string | undefined;
  readonly type: number;
  readonly data: number;
}

export interface XmlElement {
  readonly name: string;
  /** The root element is depth 1. */
  readonly depth: number;
  readonly attributes: readonly XmlAttribute[];
}

function bad(message: string): never {
  throw new ProofError('PROOF_BAD_MANIFEST', `AndroidManifest.xml: ${message}`);
}

class View {
  constructor(readonly bytes: Uint8Array, readonly start: number, readonly end: number) {}

  need(at: number, length: number, what: string): void {
    if (!Number.isSafeInteger(at) || at < 0 || length < 0 || this.start + at + length > this.end) bad(`${what} runs past its chunk`);
  }

  u16(at: number): number {
    this.need(at, 2, 'a field');
    const i = this.start + at;
    return this.bytes[i]! | (this.bytes[i + 1]! << 8);
  }

  u32(at: number): number {
    this.need(at, 4, 'a field');
    const i = this.start + at;
    return (this.bytes[i]! | (this.bytes[i + 1]! << 8) | (this.bytes[i + 2]! << 16) | (this.bytes[i + 3]! << 24)) >>> 0;
  }

  sub(at: number, length: number, what: string): View {
    this.need(at, length, what);
    return new View(this.bytes, this.start + at, this.start + at + length);
  }
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf16Decoder = new TextDecoder('utf-16le', { fatal: true });

/** A string pool whose strings are decoded when first asked for. */
class StringPool {
  private readonly cache = new Map<number, string>();

  constructor(private readonly chunk: View, private readonly count: number, private readonly utf8: boolean, private readonly headerSize: number, private readonly stringsStart: number) {}

  static read(chunk: View): StringPool {
    const headerSize = chunk.u16(2);
    if (headerSize < 28) bad('string pool header too small');
    const count = chunk.u32(8);
    const flags = chunk.u32(16);
    const stringsStart = chunk.u32(20);
    chunk.need(headerSize, count * 4, 'string offsets');
    if (count > 0) chunk.need(stringsStart, 0, 'strings');
    return new StringPool(chunk, count, (flags & 0x100) !== 0, headerSize, stringsStart);
  }

  get(index: number): string {
    if (index >= this.count) bad(`string index ${index} out of range`);
    const hit = this.cache.get(index);
    if (hit !== undefined) return hit;
    const s = this.decode(this.stringsStart + this.chunk.u32(this.headerSize + 4 * index));
    this.cache.set(index, s);
    return s;
  }

  private decode(at: number): string {
    const c = this.chunk;
    if (this.utf8) {
      // UTF-16 length, then UTF-8 byte length; each one or two bytes, the second form flagged by 0x80.
      const skip = (c.u16(at) & 0x80) !== 0 ? 2 : 1;
      let p = at + skip;
      const b0 = c.u16(p) & 0xff;
      const length = (b0 & 0x80) !== 0 ? ((b0 & 0x7f) << 8) | (c.u16(p) >>> 8) : b0;
      p += (b0 & 0x80) !== 0 ? 2 : 1;
      const bytes = c.sub(p, length, 'a string');
      try {
        return utf8Decoder.decode(bytes.bytes.subarray(bytes.start, bytes.end));
      } catch {
        return bad('a string is not UTF-8');
      }
    }
    let length = c.u16(at);
    let p = at + 2;
    if ((length & 0x8000) !== 0) {
      length = ((length & 0x7fff) << 16) | c.u16(at + 2);
      p += 2;
    }
    if (length > XML_LIMITS.maxStringChars) bad(`a string of ${length} characters`);
    const bytes = c.sub(p, length * 2, 'a string');
    try {
      return utf16Decoder.decode(bytes.bytes.subarray(bytes.start, bytes.end));
    } catch {
      return bad('a string is not UTF-16');
    }
  }
}

/** Every start element of the document, in order, with its depth. */
export function readBinaryXml(xml: Uint8Array): XmlElement[] {
  const doc = new View(xml, 0, xml.length);
  if (xml.length < 8 || doc.u16(0) !== CHUNK.XML) bad('not a binary XML document');
  const docSize = doc.u32(4);
  if (docSize > xml.length || docSize < 8) bad('document size out of range');
  let strings: StringPool | undefined;
  let resourceIds: Uint32Array = new Uint32Array(0);
  const elements: XmlElement[] = [];
  let attributeCount = 0;
  let depth = 0;
  const str = (index: number): string | undefined => {
    if (index === NO_INDEX) return undefined;
    if (strings === undefined) return bad('a string is named before the string pool');
    return strings.get(index);
  };
  for (let at = doc.u16(2); at < docSize; ) {
    if (at < 8) bad('the document header is too small');
    doc.need(at, 8, 'chunk header');
    const type = doc.u16(at);
    const headerSize = doc.u16(at + 2);
    const size = doc.u32(at + 4);
    if (size < 8 || headerSize < 8 || headerSize > size || at + size > docSize) bad(`chunk at ${at} has a bad size`);
    const chunk = doc.sub(at, size, 'chunk');
    if (type === CHUNK.STRING_POOL) {
      if (strings !== undefined) bad('two string pools');
      strings = StringPool.read(chunk);
    } else if (type === CHUNK.RESOURCE_MAP) {
      const n = Math.floor((size - headerSize) / 4);
      resourceIds = new Uint32Array(n);
      for (let i = 0; i < n; i++) resourceIds[i] = chunk.u32(headerSize + 4 * i);
    } else if (type === CHUNK.END_ELEMENT) {
      if (depth === 0) bad('an element ends that never started');
      depth--;
    } else if (type === CHUNK.START_ELEMENT) {
      depth++;
      if (depth > XML_LIMITS.maxDepth) bad(`elements nested deeper than ${XML_LIMITS.maxDepth}`);
      if (elements.length >= XML_LIMITS.maxElements) bad(`more than ${XML_LIMITS.maxElements} elements`);
      const ext = headerSize;
      chunk.need(ext, 20, 'element');
      const name = str(chunk.u32(ext + 4)) ?? '';
      const attrStart = chunk.u16(ext + 8);
      const attrSize = chunk.u16(ext + 10);
      const attrCount = chunk.u16(ext + 12);
      if (attrSize < 20) bad('attribute records too small');
      chunk.need(ext + attrStart, attrCount * attrSize, 'attributes');
      attributeCount += attrCount;
      if (attributeCount > XML_LIMITS.maxAttributes) bad(`more than ${XML_LIMITS.maxAttributes} attributes`);
      const attributes: XmlAttribute[] = [];
      for (let i = 0; i < attrCount; i++) {
        const a = ext + attrStart + i * attrSize;
        const nameIndex = chunk.u32(a + 4);
        attributes.push({
          namespace: str(chunk.u32(a)),
          name: str(nameIndex) ?? '',
          resourceId: nameIndex < resourceIds.length ? resourceIds[nameIndex] : undefined,
          rawValue: str(chunk.u32(a + 8)),
          type: chunk.u16(a + 14) >>> 8,
          data: chunk.u32(a + 16),
        });
      }
      elements.push({ name, depth, attributes });
    }
    at += size;
  }
  return elements;
}
