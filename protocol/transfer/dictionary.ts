/**
 * The preset deflate dictionary of transfer format 1 (RFC 1951 lets a compressor start with a
 * window already filled). A one-item request is about 300 bytes, mostly map keys that deflate
 * cannot find a second copy of; with these skeleton messages in the window, the keys cost a
 * back-reference each and the message shrinks to about half.
 *
 * The dictionary is part of the transfer format: changing one byte of it needs a new format
 * version. It is written out here as literal skeletons (not derived from the schemas, so a
 * schema change cannot move it), and a test pins its SHA-256. Byte strings are zero-filled at
 * their usual lengths so their heads match too. The most frequent kind comes last, where
 * back-references are shortest.
 */
import { concatBytes } from '../bytes.ts';
import { encodeCanonical } from '../encoding/index.ts';

const zeros = (n: number) => new Uint8Array(n);

const SKELETONS = [
  { v: 1, kind: 'error', requestDigest: zeros(32), code: 'INVALID_REQUEST', message: 'the request could not be read: ', at: 1700000000 },
  { v: 1, kind: 'certificate', certificate: zeros(0), label: 'release-key', keyUri: 'pkcs11:token=airsign;object=release-key;type=private', exportedAt: 1700000000 },
  {
    v: 1,
    kind: 'response',
    requestDigest: zeros(32),
    signedAt: 1700000000,
    results: [
      { index: 0, status: 'signed', signatures: [{ scheme: 'v1', algorithm: 0x0103, signature: zeros(256) }, { scheme: 'v2', algorithm: 0x0103, signature: zeros(256) }, { scheme: 'v3', algorithm: 0x0201, signature: zeros(72) }] },
      { index: 1, status: 'refused', reason: 'POLICY_VERSION_ROLLBACK', detail: 'version code is not higher than the last one signed' },
    ],
    audit: { seq: 1000, head: zeros(32) },
  },
  {
    v: 1,
    kind: 'request',
    requestId: zeros(16),
    issuedAt: 1700000000,
    keys: [zeros(32)],
    items: [
      { key: 0, artifact: 'jar', name: 'index-v1.jar', versionCode: 1700000000000, versionName: '', sha256: zeros(32), schemes: ['v1'], v1: { digestAlgorithm: 'sha256', sfDigest: zeros(32) } },
      { key: 0, artifact: 'jar', name: 'entry.jar', versionCode: 1700000000000, versionName: '', sha256: zeros(32), schemes: ['v1'], v1: { digestAlgorithm: 'sha1', sfDigest: zeros(20) } },
      { key: 0, artifact: 'apk', name: 'org.', versionCode: 1, versionName: '1.0', sha256: zeros(32), schemes: ['v1'], v1: { digestAlgorithm: 'sha256', sfDigest: zeros(32) } },
      { key: 0, artifact: 'apk', name: 'com.', versionCode: 100000, versionName: '1.0.0', sha256: zeros(32), schemes: ['v2', 'v3'], v2v3: { contentDigest: zeros(32), v3MinSdk: 28, v3MaxSdk: 0x7fffffff } },
    ],
  },
];

let cached: Uint8Array | undefined;

/** The dictionary bytes: the canonical encodings of the skeletons, one after another. */
export function transferDictionary(): Uint8Array {
  cached ??= concatBytes(...SKELETONS.map((s) => encodeCanonical(s)));
  return cached;
}
