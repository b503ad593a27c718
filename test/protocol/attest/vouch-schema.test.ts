/**
 * A request's `vouch` field off the link is hostile input: bounded counts and sizes, no unknown
 * fields, refused as SCHEMA by decodeMessage before anything is verified; one within bounds goes
 * through the canonical codec unchanged, and leaves the approval digest as it was.
 */
import { describe, expect, it } from 'vitest';
import { approvalDigest } from '../../../protocol/attest/index.ts';
import { decodeMessage, encodeMessage, messageDigest } from '../../../protocol/messages/index.ts';
import type { SigningRequest } from '../../../protocol/messages/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { encodeCanonical } from '../../../protocol/encoding/index.ts';
import type { CborValue } from '../../../protocol/encoding/index.ts';
import { PROTOCOL_VERSION } from '../../../protocol/version.ts';

const request: SigningRequest = {
  v: PROTOCOL_VERSION, kind: 'request', requestId: new Uint8Array(16).fill(1), issuedAt: 1_767_225_600, keys: [new Uint8Array(32).fill(2)],
  items: [{ key: 0, artifact: 'apk', name: 'org.example.app', versionCode: 1, versionName: '1', sha256: new Uint8Array(32).fill(3), schemes: ['v2', 'v3'], v2v3: { contentDigest: new Uint8Array(32).fill(4), v3MinSdk: 28, v3MaxSdk: 2147483647 } }],
};
const envelope = { item: 0, payloadType: 'application/vnd.in-toto+json', payload: new Uint8Array([0x7b, 0x7d]), signatures: [{ sig: new Uint8Array(64) }] };
const approval = { requestDigest: new Uint8Array(32), sshsig: new Uint8Array(100) };

/** Canonical bytes without the schema check (encodeMessage would refuse them), as a hostile sender writes them. */
function hostile(vouch: unknown): Uint8Array {
  return encodeCanonical({ ...request, vouch } as unknown as CborValue);
}

const codeOf = (bytes: Uint8Array) => {
  try {
    decodeMessage(bytes);
  } catch (e) {
    return e instanceof ProtocolError ? e.code : String(e);
  }
  return 'accepted';
};

describe('vouch off the link', () => {
  it('round-trips within bounds and keeps the approval digest', () => {
    const vouched = { ...request, vouch: { attestations: [envelope], approvals: [approval] } };
    expect(decodeMessage(encodeMessage(vouched))).toEqual(vouched);
    expect(approvalDigest(vouched)).toEqual(messageDigest(request));
  });

  it('refuses out-of-bound and unknown fields as SCHEMA', () => {
    expect(codeOf(hostile({ attestations: [{ ...envelope, signatures: Array.from({ length: 17 }, () => ({ sig: new Uint8Array(64) })) }] }))).toBe('SCHEMA');
    expect(codeOf(hostile({ attestations: [{ ...envelope, item: 1000 }] }))).toBe('SCHEMA');
    expect(codeOf(hostile({ attestations: [{ ...envelope, payload: new Uint8Array(0) }] }))).toBe('SCHEMA');
    expect(codeOf(hostile({ attestations: [{ ...envelope, extra: 1 }] }))).toBe('SCHEMA');
    expect(codeOf(hostile({ approvals: [{ ...approval, requestDigest: new Uint8Array(31) }] }))).toBe('SCHEMA');
    expect(codeOf(hostile({ approvals: Array.from({ length: 33 }, () => approval) }))).toBe('SCHEMA');
    expect(codeOf(hostile({ other: [] }))).toBe('SCHEMA');
    // 4001 signatures in all: over the request's cap, though each envelope is within its own.
    const many = Array.from({ length: 251 }, () => ({ ...envelope, signatures: Array.from({ length: 16 }, () => ({ sig: new Uint8Array(1) })) }));
    expect(codeOf(hostile({ attestations: many }))).toBe('SCHEMA');
  });
});
