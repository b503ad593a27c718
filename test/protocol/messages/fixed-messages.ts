/**
 * One fixed message of each kind, for the golden vectors and the malformed-input and fuzz
 * suites. Every byte field is derived from a label (SHA-256 of it, repeated as needed), so the
 * messages are realistic in size and identical on every run. The certificate is filler of a
 * plausible length, not a parseable certificate: the schema does not look inside it.
 */
import { utf8 } from '../../../protocol/bytes.ts';
import { sha256 } from '../../../protocol/hash.ts';
import type { CertificateExport, ErrorMessage, Message, SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';

/** `length` bytes derived from `label`: SHA-256(label), SHA-256 of that, and so on. */
export function labelled(label: string, length = 32): Uint8Array {
  const out = new Uint8Array(length);
  let block = sha256(utf8(label));
  for (let at = 0; at < length; at += 32) {
    out.set(block.subarray(0, Math.min(32, length - at)), at);
    block = sha256(block);
  }
  return out;
}

export const FIXED_REQUEST: SigningRequest = {
  v: 2,
  kind: 'request',
  requestId: labelled('request id', 16),
  issuedAt: 1767225600,
  keys: [labelled('release key certificate')],
  items: [
    {
      key: 0,
      artifact: 'apk',
      name: 'org.example.airsign.demo',
      versionCode: 1042,
      versionName: '1.4.2',
      sha256: labelled('demo.apk'),
      schemes: ['v2', 'v3'],
      v2v3: { contentDigest: labelled('demo.apk content digest'), v3MinSdk: 28, v3MaxSdk: 0x7fffffff },
    },
    {
      key: 0,
      artifact: 'jar',
      name: 'entry.jar',
      timestamp: 1767225600000,
      indexVersion: '',
      sha256: labelled('entry.jar'),
      schemes: ['v1'],
      v1: { digestAlgorithm: 'sha256', sfDigest: labelled('entry.jar META-INF/RELEASE.SF') },
    },
  ],
};

export const FIXED_RESPONSE: SigningResponse = {
  v: 2,
  kind: 'response',
  requestDigest: labelled('request digest'),
  signedAt: 1767225660,
  results: [
    {
      index: 0,
      status: 'signed',
      signatures: [
        { scheme: 'v2', method: 'rsa-pkcs1-sha256', signature: labelled('v2 signature', 256) },
        { scheme: 'v3', method: 'rsa-pkcs1-sha256', signature: labelled('v3 signature', 256) },
      ],
    },
    { index: 1, status: 'refused', reason: 'POLICY_VERSION_ROLLBACK', detail: 'index timestamp is older than the last one signed' },
  ],
  audit: { seq: 17, head: labelled('audit head') },
};

export const FIXED_CERTIFICATE: CertificateExport = {
  v: 2,
  kind: 'certificate',
  certificate: labelled('certificate DER', 700),
  label: 'release-2026',
  keyUri: 'pkcs11:token=airsign;object=release-2026;type=private',
  exportedAt: 1767225000,
};

export const FIXED_ERROR: ErrorMessage = {
  v: 2,
  kind: 'error',
  requestDigest: labelled('unreadable request digest'),
  code: 'SCHEMA',
  message: 'request does not match its schema: items.0.sha256: expected 32 bytes',
  at: 1767225700,
};

export const FIXED_MESSAGES: Record<Message['kind'], Message> = {
  request: FIXED_REQUEST,
  response: FIXED_RESPONSE,
  certificate: FIXED_CERTIFICATE,
  error: FIXED_ERROR,
};
