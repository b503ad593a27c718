/**
 * A minimal binary AndroidManifest.xml (the compiled "AXML" form aapt writes): a string pool,
 * the resource ids of the android: attributes, and <manifest package versionCode versionName>
 * with <uses-sdk minSdkVersion targetSdkVersion/> and <application/>. Enough for apksigner and
 * aapt to read the package, versions and SDK levels.
 */
const ANDROID_NS = 'http://schemas.android.com/apk/res/android';
/** android:versionCode, versionName, minSdkVersion, targetSdkVersion (framework resource ids). */
const ATTRIBUTE_IDS = [0x0101021b, 0x0101021c, 0x0101020c, 0x01010270];
const TYPE_STRING = 0x03;
const TYPE_INT_DEC = 0x10;

function chunk(type: number, headerSize: number, header: Buffer, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(headerSize, 2);
  head.writeUInt32LE(8 + header.length + body.length, 4);
  return Buffer.concat([head, header, body]);
}

function stringPool(strings: readonly string[]): Buffer {
  const encoded = strings.map((s) => {
    const b = Buffer.alloc(2 + s.length * 2 + 2);
    b.writeUInt16LE(s.length, 0);
    b.write(s, 2, 'utf16le');
    return b;
  });
  const offsets = Buffer.alloc(4 * strings.length);
  let at = 0;
  encoded.forEach((e, i) => {
    offsets.writeUInt32LE(at, 4 * i);
    at += e.length;
  });
  let data = Buffer.concat(encoded);
  if (data.length % 4 !== 0) data = Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]);
  const header = Buffer.alloc(20);
  header.writeUInt32LE(strings.length, 0); // stringCount
  header.writeUInt32LE(0, 4); // styleCount
  header.writeUInt32LE(0, 8); // flags: UTF-16
  header.writeUInt32LE(28 + offsets.length, 12); // stringsStart
  header.writeUInt32LE(0, 16); // stylesStart
  return chunk(0x0001, 28, header, Buffer.concat([offsets, data]));
}

function node(type: number, extra: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32LE(1, 0); // line number
  header.writeInt32LE(-1, 4); // comment
  return chunk(type, 16, header, extra);
}

interface Attribute {
  readonly ns: number;
  readonly name: number;
  readonly raw: number;
  readonly type: number;
  readonly data: number;
}

function startElement(name: number, attributes: readonly Attribute[]): Buffer {
  const head = Buffer.alloc(20);
  head.writeInt32LE(-1, 0); // ns
  head.writeUInt32LE(name, 4);
  head.writeUInt16LE(20, 8); // attributeStart
  head.writeUInt16LE(20, 10); // attributeSize
  head.writeUInt16LE(attributes.length, 12);
  const body = Buffer.alloc(20 * attributes.length);
  attributes.forEach((a, i) => {
    const at = 20 * i;
    body.writeInt32LE(a.ns, at);
    body.writeUInt32LE(a.name, at + 4);
    body.writeInt32LE(a.raw, at + 8);
    body.writeUInt16LE(8, at + 12);
    body.writeUInt8(0, at + 14);
    body.writeUInt8(a.type, at + 15);
    body.writeInt32LE(a.data, at + 16);
  });
  return node(0x0102, Buffer.concat([head, body]));
}

function endElement(name: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeInt32LE(-1, 0);
  b.writeUInt32LE(name, 4);
  return node(0x0103, b);
}

export function binaryManifest(m: { packageName: string; versionCode: number; versionName: string; minSdk: number; targetSdk: number }): Buffer {
  const strings = ['versionCode', 'versionName', 'minSdkVersion', 'targetSdkVersion', 'android', ANDROID_NS, 'package', 'manifest', 'uses-sdk', 'application', m.packageName, m.versionName];
  const s = (v: string) => strings.indexOf(v);
  const map = Buffer.alloc(4 * ATTRIBUTE_IDS.length);
  ATTRIBUTE_IDS.forEach((id, i) => map.writeUInt32LE(id, 4 * i));
  const nsBody = Buffer.alloc(8);
  nsBody.writeUInt32LE(s('android'), 0);
  nsBody.writeUInt32LE(s(ANDROID_NS), 4);
  const ns = s(ANDROID_NS);
  const body = Buffer.concat([
    stringPool(strings),
    chunk(0x0180, 8, Buffer.alloc(0), map),
    node(0x0100, nsBody),
    startElement(s('manifest'), [
      { ns, name: s('versionCode'), raw: -1, type: TYPE_INT_DEC, data: m.versionCode },
      { ns, name: s('versionName'), raw: s(m.versionName), type: TYPE_STRING, data: s(m.versionName) },
      { ns: -1, name: s('package'), raw: s(m.packageName), type: TYPE_STRING, data: s(m.packageName) },
    ]),
    startElement(s('uses-sdk'), [
      { ns, name: s('minSdkVersion'), raw: -1, type: TYPE_INT_DEC, data: m.minSdk },
      { ns, name: s('targetSdkVersion'), raw: -1, type: TYPE_INT_DEC, data: m.targetSdk },
    ]),
    endElement(s('uses-sdk')),
    startElement(s('application'), []),
    endElement(s('application')),
    endElement(s('manifest')),
    node(0x0101, nsBody),
  ]);
  return chunk(0x0003, 8, Buffer.alloc(0), body);
}
