/**
 * Writes Android binary XML (as aapt compiles AndroidManifest.xml), so tests can make APKs with any
 * package, version and SDK levels without an Android SDK. UTF-16 string pool, a resource map for
 * android: attributes, and element chunks.
 */
export type XmlValue = string | number | boolean;

export interface XmlNode {
  readonly name: string;
  readonly attributes?: readonly { readonly android?: boolean; readonly name: string; readonly resourceId?: number; readonly value: XmlValue }[];
  readonly children?: readonly XmlNode[];
}

const ANDROID_NS = 'http://schemas.android.com/apk/res/android';

function chunk(type: number, headerSize: number, header: Buffer, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(type, 0);
  head.writeUInt16LE(headerSize, 2);
  head.writeUInt32LE(8 + header.length + body.length, 4);
  return Buffer.concat([head, header, body]);
}

function stringPool(strings: readonly string[]): Buffer {
  const data: Buffer[] = [];
  const offsets = Buffer.alloc(4 * strings.length);
  let at = 0;
  strings.forEach((s, i) => {
    offsets.writeUInt32LE(at, 4 * i);
    const len = Buffer.alloc(2);
    len.writeUInt16LE(s.length);
    const bytes = Buffer.concat([len, Buffer.from(s, 'utf16le'), Buffer.alloc(2)]);
    data.push(bytes);
    at += bytes.length;
  });
  let body = Buffer.concat([offsets, ...data]);
  if (body.length % 4 !== 0) body = Buffer.concat([body, Buffer.alloc(4 - (body.length % 4))]);
  const header = Buffer.alloc(20);
  header.writeUInt32LE(strings.length, 0);
  header.writeUInt32LE(0, 4);
  header.writeUInt32LE(0, 8);
  header.writeUInt32LE(28 + offsets.length, 12);
  header.writeUInt32LE(0, 16);
  return chunk(0x0001, 28, header, body);
}

export function writeBinaryXml(root: XmlNode): Buffer {
  // Attribute names with resource ids come first: the resource map indexes the same positions.
  const withIds: { name: string; id: number }[] = [];
  const others: string[] = [];
  const visit = (n: XmlNode) => {
    for (const a of n.attributes ?? []) {
      if (a.resourceId !== undefined) {
        if (!withIds.some((w) => w.name === a.name)) withIds.push({ name: a.name, id: a.resourceId });
      } else {
        others.push(a.name);
      }
      if (typeof a.value === 'string') others.push(a.value);
    }
    others.push(n.name);
    (n.children ?? []).forEach(visit);
  };
  visit(root);
  others.push('android', ANDROID_NS);
  const strings = [...withIds.map((w) => w.name), ...[...new Set(others)].filter((s) => !withIds.some((w) => w.name === s))];
  const index = (s: string) => strings.indexOf(s);
  const resourceMap = Buffer.alloc(4 * withIds.length);
  withIds.forEach((w, i) => resourceMap.writeUInt32LE(w.id, 4 * i));
  const node = (type: number, ext: Buffer) => {
    const header = Buffer.alloc(8);
    header.writeUInt32LE(1, 0);
    header.writeInt32LE(-1, 4);
    return chunk(type, 16, header, ext);
  };
  const nsExt = Buffer.alloc(8);
  nsExt.writeUInt32LE(index('android'), 0);
  nsExt.writeUInt32LE(index(ANDROID_NS), 4);
  const body: Buffer[] = [node(0x0100, nsExt)];
  const emit = (n: XmlNode) => {
    const attrs = n.attributes ?? [];
    const ext = Buffer.alloc(20 + 20 * attrs.length);
    ext.writeInt32LE(-1, 0);
    ext.writeUInt32LE(index(n.name), 4);
    ext.writeUInt16LE(20, 8);
    ext.writeUInt16LE(20, 10);
    ext.writeUInt16LE(attrs.length, 12);
    attrs.forEach((a, i) => {
      const at = 20 + 20 * i;
      ext.writeInt32LE(a.android === true ? index(ANDROID_NS) : -1, at);
      ext.writeUInt32LE(index(a.name), at + 4);
      ext.writeInt32LE(typeof a.value === 'string' ? index(a.value) : -1, at + 8);
      ext.writeUInt16LE(8, at + 12);
      ext[at + 15] = typeof a.value === 'string' ? 0x03 : typeof a.value === 'boolean' ? 0x12 : 0x10;
      ext.writeInt32LE(typeof a.value === 'string' ? index(a.value) : typeof a.value === 'boolean' ? (a.value ? -1 : 0) : a.value, at + 16);
    });
    body.push(node(0x0102, ext));
    (n.children ?? []).forEach(emit);
    const end = Buffer.alloc(8);
    end.writeInt32LE(-1, 0);
    end.writeUInt32LE(index(n.name), 4);
    body.push(node(0x0103, end));
  };
  emit(root);
  body.push(node(0x0101, nsExt));
  return chunk(0x0003, 8, Buffer.alloc(0), Buffer.concat([stringPool(strings), chunk(0x0180, 8, Buffer.alloc(0), resourceMap), ...body]));
}

export interface ManifestFields {
  readonly packageName: string;
  readonly versionCode: number;
  readonly versionName: string;
  readonly minSdk?: number;
  readonly targetSdk?: number;
}

/** A minimal AndroidManifest.xml with the fields the operator sees. */
export function androidManifestXml(m: ManifestFields): Buffer {
  const usesSdk: XmlNode['attributes'] = [
    ...(m.minSdk === undefined ? [] : [{ android: true, name: 'minSdkVersion', resourceId: 0x0101020c, value: m.minSdk }]),
    ...(m.targetSdk === undefined ? [] : [{ android: true, name: 'targetSdkVersion', resourceId: 0x01010270, value: m.targetSdk }]),
  ];
  return writeBinaryXml({
    name: 'manifest',
    attributes: [
      { android: true, name: 'versionCode', resourceId: 0x0101021b, value: m.versionCode },
      { android: true, name: 'versionName', resourceId: 0x0101021c, value: m.versionName },
      { name: 'package', value: m.packageName },
    ],
    children: [
      { name: 'uses-sdk', attributes: usesSdk },
      { name: 'application', attributes: [{ android: true, name: 'label', resourceId: 0x01010001, value: 'Test' }], children: [] },
    ],
  });
}
