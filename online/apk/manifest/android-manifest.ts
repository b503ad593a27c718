/**
 * What the operator sees of an APK: package name, version code and name, and the SDK levels,
 * read from the binary AndroidManifest.xml as the platform reads them.
 */
import { ApkError } from '../errors.ts';
import { readBinaryXml, VALUE_TYPE } from './binary-xml.ts';
import type { XmlAttribute, XmlElement } from './binary-xml.ts';

export interface AndroidManifestInfo {
  readonly packageName: string;
  readonly versionCode: number;
  readonly versionName: string;
  readonly minSdkVersion: number;
  readonly targetSdkVersion: number;
}

/** Framework attribute ids (android.R.attr), checked against aapt dump badging in the tests. */
const ATTR = {
  versionCode: 0x0101021b,
  versionName: 0x0101021c,
  minSdkVersion: 0x0101020c,
  targetSdkVersion: 0x01010270,
  versionCodeMajor: 0x01010576,
} as const;
/**
 * The largest versionCodeMajor taken. Android's long version code is (major << 32) | (versionCode as
 * unsigned 32 bits), a 64-bit long; we refuse a major of 2^20 or more, so that every version code
 * (below 2^52, LIMITS.maxVersionCode) is exact in a JavaScript number, compares exactly, and a
 * made-up huge one (2^53 - 1 was signed once) cannot be taken: no real app comes near.
 */
const MAX_VERSION_CODE_MAJOR = 2 ** 20 - 1;
/** An SDK level given as a codename (a platform in development) sorts above every release. */
const DEVELOPMENT_SDK = 10000;

function bad(message: string): ApkError {
  return new ApkError('BAD_ANDROID_MANIFEST', `AndroidManifest.xml: ${message}`, { entry: 'AndroidManifest.xml' });
}

/**
 * An android: attribute, found by its resource id only, as the platform and aapt find it: an
 * attribute that carries the name but no id (or another id) is not that attribute, so aapt reads it
 * as absent and so do we. (Reading by name as a fallback let a manifest show one versionCode to
 * airsign and none to Android, or versionCodeMajor to airsign and not to aapt.)
 */
function androidAttribute(el: XmlElement | undefined, key: keyof typeof ATTR): XmlAttribute | undefined {
  if (el === undefined) return undefined;
  return el.attributes.find((a) => a.resourceId === ATTR[key]);
}

function asInteger(attr: XmlAttribute | undefined, what: string): number | undefined {
  if (attr === undefined) return undefined;
  if (attr.type === VALUE_TYPE.INT_DEC || attr.type === VALUE_TYPE.INT_HEX) return attr.data | 0;
  if (attr.type === VALUE_TYPE.STRING && attr.rawValue !== undefined) {
    if (/^\d+$/.test(attr.rawValue)) return Number(attr.rawValue);
    return undefined;
  }
  throw bad(`${what} is not an integer (type 0x${attr.type.toString(16)})`);
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

export function readAndroidManifest(xml: Buffer): AndroidManifestInfo {
  const elements = readBinaryXml(xml);
  const manifest = elements[0];
  if (manifest === undefined || manifest.name !== 'manifest' || manifest.depth !== 1) throw bad('the root element is not <manifest>');
  const packageName = manifest.attributes.find((a) => a.name === 'package' && a.namespace === undefined)?.rawValue;
  if (packageName === undefined || packageName === '') throw bad('<manifest> has no package attribute');
  const versionCode = asInteger(androidAttribute(manifest, 'versionCode'), 'versionCode') ?? 0;
  const major = asInteger(androidAttribute(manifest, 'versionCodeMajor'), 'versionCodeMajor') ?? 0;
  // A versionCode is a 32-bit int: one given as decimal text beyond that is not one.
  if (versionCode > 0xffffffff || (major === 0 && versionCode > 0x7fffffff)) throw bad(`versionCode ${versionCode} is more than a 32-bit int`);
  if (versionCode < 0 && major === 0) throw bad(`negative versionCode ${versionCode}`);
  if (major < 0 || major > MAX_VERSION_CODE_MAJOR) throw bad(`versionCodeMajor ${major} out of range: airsign takes 0 to ${MAX_VERSION_CODE_MAJOR}`);
  const usesSdk = elements.find((e) => e.name === 'uses-sdk' && e.depth === 2);
  const minSdkVersion = sdkLevel(androidAttribute(usesSdk, 'minSdkVersion'), 'minSdkVersion') ?? 1;
  const targetSdkVersion = sdkLevel(androidAttribute(usesSdk, 'targetSdkVersion'), 'targetSdkVersion') ?? minSdkVersion;
  return {
    packageName,
    versionCode: major * 2 ** 32 + (versionCode >>> 0),
    versionName: asText(androidAttribute(manifest, 'versionName')),
    minSdkVersion,
    targetSdkVersion,
  };
}
