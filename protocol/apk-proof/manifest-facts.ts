/**
 * What the signer reads from a proven AndroidManifest.xml, as the platform and aapt read it (the same
 * rules as the online side's reader, online/apk/manifest, and checked against it in the tests):
 * android: attributes by resource id only, `package` by name without namespace, the long version
 * code (versionCodeMajor << 32 | versionCode) bounded as LIMITS.maxVersionCode bounds claims; and
 * the permissions the app asks for (`uses-permission`, `uses-permission-sdk-23`).
 */
import { ProofError } from './errors.ts';
import { readBinaryXml, VALUE_TYPE } from './binary-xml.ts';
import type { XmlAttribute, XmlElement } from './binary-xml.ts';

export interface ManifestFacts {
  readonly packageName: string;
  readonly versionCode: number;
  readonly versionName: string;
  readonly minSdkVersion: number;
  readonly targetSdkVersion: number;
  readonly permissions: readonly string[];
}

const ATTR = { name: 0x01010003, versionCode: 0x0101021b, versionName: 0x0101021c, minSdkVersion: 0x0101020c, targetSdkVersion: 0x01010270, versionCodeMajor: 0x01010576 } as const;
const MAX_VERSION_CODE_MAJOR = 2 ** 20 - 1;
const DEVELOPMENT_SDK = 10000;
export const MAX_PERMISSIONS = 1000;

function bad(message: string): never {
  throw new ProofError('PROOF_BAD_MANIFEST', `AndroidManifest.xml: ${message}`);
}

function attribute(el: XmlElement | undefined, id: number): XmlAttribute | undefined {
  return el?.attributes.find((a) => a.resourceId === id);
}

function asInteger(attr: XmlAttribute | undefined, what: string): number | undefined {
  if (attr === undefined) return undefined;
  if (attr.type === VALUE_TYPE.INT_DEC || attr.type === VALUE_TYPE.INT_HEX) return attr.data | 0;
  if (attr.type === VALUE_TYPE.STRING && attr.rawValue !== undefined) return /^\d{1,15}$/.test(attr.rawValue) ? Number(attr.rawValue) : undefined;
  return bad(`${what} is not an integer (type 0x${attr.type.toString(16)})`);
}

function sdkLevel(attr: XmlAttribute | undefined, what: string): number | undefined {
  const n = asInteger(attr, what);
  if (n !== undefined) return n;
  return attr?.rawValue === undefined ? undefined : DEVELOPMENT_SDK;
}

function asText(attr: XmlAttribute | undefined): string {
  if (attr === undefined) return '';
  if (attr.rawValue !== undefined) return attr.rawValue;
  if (attr.type === VALUE_TYPE.REFERENCE) return `@0x${attr.data.toString(16).padStart(8, '0')}`;
  return String(attr.data);
}

export function readManifestFacts(xml: Uint8Array): ManifestFacts {
  const elements = readBinaryXml(xml);
  const manifest = elements[0];
  if (manifest === undefined || manifest.name !== 'manifest' || manifest.depth !== 1) bad('the root element is not <manifest>');
  const packageName = manifest.attributes.find((a) => a.name === 'package' && a.namespace === undefined)?.rawValue;
  if (packageName === undefined || packageName === '') bad('<manifest> has no package attribute');
  const versionCode = asInteger(attribute(manifest, ATTR.versionCode), 'versionCode') ?? 0;
  const major = asInteger(attribute(manifest, ATTR.versionCodeMajor), 'versionCodeMajor') ?? 0;
  if (versionCode > 0xffffffff || (major === 0 && versionCode > 0x7fffffff)) bad(`versionCode ${versionCode} is more than a 32-bit int`);
  if (versionCode < 0 && major === 0) bad(`negative versionCode ${versionCode}`);
  if (major < 0 || major > MAX_VERSION_CODE_MAJOR) bad(`versionCodeMajor ${major} out of range`);
  const usesSdk = elements.find((e) => e.name === 'uses-sdk' && e.depth === 2);
  const minSdkVersion = sdkLevel(attribute(usesSdk, ATTR.minSdkVersion), 'minSdkVersion') ?? 1;
  const targetSdkVersion = sdkLevel(attribute(usesSdk, ATTR.targetSdkVersion), 'targetSdkVersion') ?? minSdkVersion;
  const permissions = new Set<string>();
  for (const e of elements) {
    if (e.depth !== 2 || (e.name !== 'uses-permission' && e.name !== 'uses-permission-sdk-23')) continue;
    const name = attribute(e, ATTR.name);
    const value = name?.rawValue;
    if (value === undefined || value === '') continue;
    permissions.add(value.slice(0, 255));
    if (permissions.size > MAX_PERMISSIONS) bad(`more than ${MAX_PERMISSIONS} permissions`);
  }
  return {
    packageName, versionCode: major * 2 ** 32 + (versionCode >>> 0), versionName: asText(attribute(manifest, ATTR.versionName)),
    minSdkVersion, targetSdkVersion, permissions: [...permissions].sort(),
  };
}
