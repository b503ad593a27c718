/**
 * The signing thread on a real SoftHSM2 token: a batch signed there gives the same signatures as
 * one signature at a time, a failure stops the batch with a typed error and what came before it,
 * a module the thread cannot load is a typed error, and signing on the calling thread agrees.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SigningThread } from '../../../offline/pkcs11/signing-thread.ts';
import { TokenConnection } from '../../../offline/pkcs11/token.ts';
import type { BatchSignature } from '../../../offline/pkcs11/token.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import type { TokenKey } from '../../../offline/pkcs11/keys.ts';
import { MODULE, USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';

let hsm: SoftHsm;

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('thread');
  makeKeys(hsm, 'thread', [{ label: 'rsa', keyType: { kind: 'rsa', bits: 3072 } }]);
}, 120_000);

afterAll(() => hsm.remove());

function openToken(): { token: TokenConnection; key: TokenKey } {
  const token = TokenConnection.open({ uri: parsePkcs11Uri('pkcs11:token=thread') });
  token.login(Buffer.from(USER_PIN));
  const key = token.keys().find((k) => k.label === 'rsa')!;
  return { token, key };
}

/** RSA PKCS#1 v1.5 is deterministic: the same bytes signed twice give the same signature. */
function batchOf(key: TokenKey, n: number): BatchSignature[] {
  return Array.from({ length: n }, (_, i) => ({ privateKey: key.privateKey!, keyType: key.keyType!, hash: 'sha256' as const, data: new Uint8Array(64).fill(i) }));
}

describe('the signing thread', () => {
  it('signs a batch back to back, in order, with the signatures one call at a time gives', () => {
    const { token, key } = openToken();
    try {
      const batch = batchOf(key, 12);
      const seen: number[] = [];
      const signed: Uint8Array[] = [];
      const failure = token.signBatch(batch, (i, raw) => {
        seen.push(i);
        signed.push(raw);
      });
      expect(failure).toBeUndefined();
      expect(token.signingThreadProblem).toBeUndefined();
      expect(seen).toEqual([...Array(12).keys()]);
      batch.forEach((b, i) => expect(Buffer.from(signed[i]!)).toEqual(Buffer.from(token.signRaw(b.privateKey, b.keyType, b.hash, b.data))));
    } finally {
      token.close();
    }
  });

  it('stops at the first failure with a typed error; the signatures before it were handed over, and the next batch works', () => {
    const { token, key } = openToken();
    try {
      const batch = batchOf(key, 8);
      const bogus = Buffer.alloc(key.privateKey!.length);
      bogus.writeUInt32LE(0xdead, 0);
      batch[5] = { ...batch[5]!, privateKey: bogus };
      const seen: number[] = [];
      const failure = token.signBatch(batch, (i) => seen.push(i));
      expect(failure?.index).toBe(5);
      expect(failure?.error.code).toBe('KEY_NOT_FOUND');
      expect(seen).toEqual([0, 1, 2, 3, 4]);
      expect(token.signBatch(batchOf(key, 3), () => {})).toBeUndefined();
    } finally {
      token.close();
    }
  });

  it("stops before its next signature when the caller's handler throws, and stays usable", () => {
    const { token, key } = openToken();
    try {
      let calls = 0;
      expect(() =>
        token.signBatch(batchOf(key, 30), () => {
          if (++calls === 2) throw new Error('the audit log is full');
        }),
      ).toThrow('the audit log is full');
      expect(calls).toBe(2);
      const seen: number[] = [];
      expect(token.signBatch(batchOf(key, 4), (i) => seen.push(i))).toBeUndefined();
      expect(seen).toEqual([0, 1, 2, 3]);
    } finally {
      token.close();
    }
  });

  it('reports a module it cannot load as MODULE_LOAD_FAILED', () => {
    const thread = SigningThread.start(join(hsm.dir, 'no-such-module.so'));
    try {
      expect(() => thread.ready()).toThrow(expect.objectContaining({ code: 'MODULE_LOAD_FAILED' }));
    } finally {
      thread.close();
    }
  });

  it('signs on the calling thread, with the same results, when the signing thread is turned off', () => {
    const token = TokenConnection.open({ uri: parsePkcs11Uri('pkcs11:token=thread'), signingThread: false });
    try {
      token.login(Buffer.from(USER_PIN));
      const key = token.keys().find((k) => k.label === 'rsa')!;
      const batch = batchOf(key, 3);
      const signed: Uint8Array[] = [];
      expect(token.signBatch(batch, (_i, raw) => signed.push(raw))).toBeUndefined();
      expect(token.signingThreadProblem).toMatch(/turned off/);
      batch.forEach((b, i) => expect(Buffer.from(signed[i]!)).toEqual(Buffer.from(token.signRaw(b.privateKey, b.keyType, b.hash, b.data))));
    } finally {
      token.close();
    }
  });

  it('leaves the module finalized when the signer closed it before the thread started', () => {
    // Every token of this file is closed by now, so the module is finalized: a thread starting
    // now finds its C_Initialize succeeding, must give the module back and fail, and must not
    // leave it initialized with the token list of this moment.
    const thread = SigningThread.start(MODULE);
    try {
      expect(() => thread.ready()).toThrow(/the module was closed before the signing thread started/);
    } finally {
      thread.close();
    }
    hsm.initToken('later');
    const later = TokenConnection.open({ uri: parsePkcs11Uri('pkcs11:token=later') });
    later.close();
  });
});
