/**
 * Typical workloads for the link-cost test and the codec benchmark: v2+v3 APK items with
 * package names of about 25 characters made of assorted words (so deflate cannot cheat on
 * them), distinct versions, and random-looking digests (labelled, so the same on every run).
 */
import type { SigningItem, SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { labelled } from './fixed-messages.ts';

const WORDS = ['fdroid', 'example', 'termux', 'mozilla', 'antenna', 'podcast', 'reader', 'notes', 'keyboard', 'camera', 'music', 'player', 'weather', 'maps', 'tracker', 'simple', 'gallery', 'launcher', 'calendar', 'wallet', 'signal', 'mail', 'browser', 'clock'];
const TLDS = ['org', 'com', 'net', 'de', 'io', 'fr', 'ch'];

/** A package name of about 25 characters (23 to 30), different for every i. */
export function typicalPackageName(i: number): string {
  let name = TLDS[i % TLDS.length]!;
  let k = i;
  while (name.length < 22) {
    name += '.' + WORDS[(k * 7 + name.length * 13) % WORDS.length]!;
    k = Math.floor(k / 3) + 5;
  }
  return `${name}${i}`;
}

export function typicalApkItem(i: number): SigningItem {
  return {
    key: 0,
    artifact: 'apk',
    name: typicalPackageName(i),
    versionCode: 100000 + i * 37,
    versionName: `${1 + (i % 4)}.${i % 10}.${i % 7}`,
    sha256: labelled(`apk ${i}`),
    schemes: ['v2', 'v3'],
    v2v3: { contentDigest: labelled(`apk ${i} content digest`), v3MinSdk: 28, v3MaxSdk: 0x7fffffff },
  };
}

export function typicalRequest(items: number): SigningRequest {
  return {
    v: 2,
    kind: 'request',
    requestId: labelled(`request of ${items}`, 16),
    issuedAt: 1767225600,
    keys: [labelled('release key certificate')],
    items: Array.from({ length: items }, (_, i) => typicalApkItem(i)),
  };
}

/** The response to a typical request: each APK signed with v2 and v3, RSA-2048 signatures. */
export function typicalResponse(items: number): SigningResponse {
  return {
    v: 2,
    kind: 'response',
    requestDigest: labelled(`request of ${items} digest`),
    signedAt: 1767225660,
    results: Array.from({ length: items }, (_, index) => ({
      index,
      status: 'signed' as const,
      signatures: [
        { scheme: 'v2' as const, method: 'rsa-pkcs1-sha256' as const, signature: labelled(`apk ${index} v2 signature`, 256) },
        { scheme: 'v3' as const, method: 'rsa-pkcs1-sha256' as const, signature: labelled(`apk ${index} v3 signature`, 256) },
      ],
    })),
    audit: { seq: 1000 + items, head: labelled('audit head') },
  };
}
