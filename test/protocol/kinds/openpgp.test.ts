/**
 * The openpgp kind on hostile and inconsistent items: the schema bounds every field, and
 * toBeSigned refuses, with a typed code, a key fingerprint that is not the certificate's key at the
 * stated creation time and a hash state that does not cover the declared size; a good item gives
 * the trailer and the finished digest, the same as hashing the whole file and trailer at once.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../../protocol/bytes.ts';
import { OpenPgpItem, openPgpKind } from '../../../protocol/kinds/index.ts';
import { fileHashState, fingerprint, openPgpKeyFromSpki } from '../../../protocol/openpgp/index.ts';
import { certificateFields, certificateKeyType } from '../../../protocol/signing/index.ts';
import { testKey } from '../../support/software-keys.ts';

const certificate = testKey('ec256').certificateDer;
const keyCreated = 1_700_000_000;
const key = openPgpKeyFromSpki(certificateFields(certificate).subjectPublicKeyInfo, keyCreated);
const file = Uint8Array.from({ length: 130 }, (_, i) => i);
const state = fileHashState([file.subarray(0, 70), file.subarray(70)]);

function item(changes: Record<string, unknown> = {}) {
  return {
    key: 0, artifact: 'openpgp' as const, name: 'app_1.apk', size: 130, sha256: new Uint8Array(createHash('sha256').update(file).digest()), schemes: ['openpgp' as const],
    hashState: { words: [...state.midstate.words], bytes: state.midstate.bytes, tail: state.tail }, created: 1_800_000_000, keyCreated, keyFingerprint: fingerprint(key),
    ...changes,
  };
}

describe('the openpgp kind', () => {
  it('finishes the hash over the trailer it builds: the digest of the whole file and trailer', () => {
    const [tbs] = openPgpKind.toBeSigned(item(), certificateKeyType(certificate), certificate);
    expect(tbs!.scheme).toBe('openpgp');
    expect(tbs!.method).toBe('ecdsa-sha256');
    const whole = createHash('sha256').update(concatBytes(file, tbs!.data)).digest();
    expect(Buffer.from(tbs!.prehashed!).equals(whole)).toBe(true);
  });

  it.each([
    ['a tail of 64 bytes', { hashState: { ...item().hashState, tail: new Uint8Array(64) } }, 'hashState'],
    ['seven words', { hashState: { ...item().hashState, words: [1, 2, 3, 4, 5, 6, 7] } }, 'hashState'],
    ['a word over 32 bits', { hashState: { ...item().hashState, words: [2 ** 32, 0, 0, 0, 0, 0, 0, 0] } }, 'hashState'],
    ['a 19-byte fingerprint', { keyFingerprint: new Uint8Array(19) }, 'keyFingerprint'],
    ['a name with a slash', { name: '../app.apk' }, 'name'],
    ['a second scheme', { schemes: ['openpgp', 'v1'] }, 'schemes'],
    ['a creation time past 2106', { created: 2 ** 32 }, 'created'],
  ])('the schema refuses %s', (_what, changes, field) => {
    const parsed = OpenPgpItem.safeParse(item(changes));
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.path[0]).toBe(field);
  });

  it('refuses a hash state that does not cover the declared size (DIGEST_MISMATCH)', () => {
    for (const size of [129, 131, 194, 66]) {
      expect(() => openPgpKind.toBeSigned(item({ size }), certificateKeyType(certificate), certificate)).toThrow(expect.objectContaining({ code: 'DIGEST_MISMATCH' }));
    }
  });

  it("refuses a fingerprint that is not the certificate's key at that creation time (SCHEMA)", () => {
    expect(() => openPgpKind.toBeSigned(item({ keyCreated: keyCreated + 1 }), certificateKeyType(certificate), certificate)).toThrow(expect.objectContaining({ code: 'SCHEMA', fields: ['keyFingerprint'] }));
    const other = testKey('rsa3072').certificateDer;
    expect(() => openPgpKind.toBeSigned(item(), certificateKeyType(other), other)).toThrow(expect.objectContaining({ code: 'SCHEMA', fields: ['keyFingerprint'] }));
  });

  it('names the policy subject by file name, ordered by the signature creation time', () => {
    expect(openPgpKind.policySubject(item())).toEqual({ name: 'app_1.apk', order: 1_800_000_000 });
  });
});
