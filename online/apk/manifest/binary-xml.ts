/**
 * A reader for Android's binary XML (the compiled AndroidManifest.xml): the string pool, the
 * resource-id map and start-element chunks, which is all the manifest fields need. Every offset
 * and count is checked against the chunk that holds it; malformed input is BAD_ANDROID_MANIFEST.
 */
import { ApkError } from '../errors.ts';

const CHUNK = { XML: 0x0003, STRING_POOL: 0x0001, RESOURCE_MAP: 0x0180, START_ELEMENT: 0x0102, END_ELEMENT: 0x0103 } as const;
export const VALUE_TYPE = { REFERENCE: 0x01, STRING: 0x03, INT_DEC: 0x10, INT_HEX: 0x11, BOOLEAN: 0x12 } as const;
const NO_INDEX = 0xffffffff;

export interface XmlAttribute {
  readonly namespace: string | undefined;
  readonly name: string;
  /** Android resource id of the attribute, when the resource map gives one (e.g. 0x0101021b versionCode). */
  readonly resourceId: number | undefined;
  readonly rawValue: string | undefined;
  readonly type: number;
  readonly data: number;
}

export interface XmlElement {
  readonly name: string;
  readonly depth: number;
  readonly attributes: readonly XmlAttribute[];
}

function bad(message: string): ApkError {
  return new ApkError('BAD_ANDROID_MANIFEST', `AndroidManifest.xml: ${message}`, { entry: 'AndroidManifest.xml' });
}

function need(buf: Buffer, at: number, length: number, what: string): void {
  if (at < 0 || length < 0 || at + length > buf.length) throw bad(`${what} runs past its chunk`);
}

function readStringPool(chunk: Buffer): string[] {
  need(chunk, 0, 28, 'string pool header');
  const count = chunk.readUInt32LE(8);
  const utf8 = (chunk.readUInt32LE(16) & 0x100) !== 0;
  const stringsStart = chunk.readUInt32LE(20);
  const headerSize = chunk.readUInt16LE(2);
  need(chunk, headerSize, count * 4, 'string offsets');
  const strings: string[] = [];
  for (let i = 0; i < count; i++) {
    let at = stringsStart + chunk.readUInt32LE(headerSize + 4 * i);
    if (utf8) {
      // UTF-16 length, then UTF-8 byte length; each one or two bytes.
      need(chunk, at, 2, 'string');
      at += (chunk[at]! & 0x80) !== 0 ? 2 : 1;
      need(chunk, at, 2, 'string');
      const length = (chunk[at]! & 0x80) !== 0 ? ((chunk[at]! & 0x7f) << 8) | chunk[at + 1]! : chunk[at]!;
      at += (chunk[at]! & 0x80) !== 0 ? 2 : 1;
      need(chunk, at, length, 'string');
      strings.push(chunk.toString('utf8', at, at + length));
    } else {
      need(chunk, at, 4, 'string');
      let length = chunk.readUInt16LE(at);
      if ((length & 0x8000) !== 0) {
        length = ((length & 0x7fff) << 16) | chunk.readUInt16LE(at + 2);
        at += 4;
      } else {
        at += 2;
      }
      need(chunk, at, length * 2, 'string');
      strings.push(chunk.toString('utf16le', at, at + length * 2));
    }
  }
  return strings;
}

/** Every start element of the document, with its depth (the root is depth 1). */
export function readBinaryXml(xml: Buffer): XmlElement[] {
  if (xml.length < 8 || xml.readUInt16LE(0) !== CHUNK.XML) throw bad('not a binary XML document');
  const docSize = xml.readUInt32LE(4);
  if (docSize > xml.length || docSize < 8) throw bad('document size out of range');
  let strings: string[] = [];
  let resourceIds: number[] = [];
  const elements: XmlElement[] = [];
  let depth = 0;
  const str = (index: number): string | undefined => {
    if (index === NO_INDEX) return undefined;
    const s = strings[index];
    if (s === undefined) throw bad(`string index ${index} out of range`);
    return s;
  };
  for (let at = xml.readUInt16LE(2); at < docSize; ) {
    need(xml, at, 8, 'chunk header');
    const type = xml.readUInt16LE(at);
    const headerSize = xml.readUInt16LE(at + 2);
    const size = xml.readUInt32LE(at + 4);
    if (size < 8 || headerSize < 8 || headerSize > size || at + size > docSize) throw bad(`chunk at ${at} has a bad size`);
    const chunk = xml.subarray(at, at + size);
    if (type === CHUNK.STRING_POOL) strings = readStringPool(chunk);
    else if (type === CHUNK.RESOURCE_MAP) resourceIds = Array.from({ length: (size - headerSize) / 4 | 0 }, (_, i) => chunk.readUInt32LE(headerSize + 4 * i));
    else if (type === CHUNK.END_ELEMENT) depth--;
    else if (type === CHUNK.START_ELEMENT) {
      depth++;
      need(chunk, headerSize, 20, 'element');
      const ext = headerSize;
      const name = str(chunk.readUInt32LE(ext + 4)) ?? '';
      const attrStart = chunk.readUInt16LE(ext + 8);
      const attrSize = chunk.readUInt16LE(ext + 10);
      const attrCount = chunk.readUInt16LE(ext + 12);
      if (attrSize < 20) throw bad('attribute records too small');
      need(chunk, ext + attrStart, attrCount * attrSize, 'attributes');
      const attributes: XmlAttribute[] = [];
      for (let i = 0; i < attrCount; i++) {
        const a = ext + attrStart + i * attrSize;
        const nameIndex = chunk.readUInt32LE(a + 4);
        attributes.push({
          namespace: str(chunk.readUInt32LE(a)),
          name: str(nameIndex) ?? '',
          resourceId: resourceIds[nameIndex],
          rawValue: str(chunk.readUInt32LE(a + 8)),
          type: chunk[a + 15]!,
          data: chunk.readUInt32LE(a + 16),
        });
      }
      elements.push({ name, depth, attributes });
    }
    at += size;
  }
  return elements;
}
