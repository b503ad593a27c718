/**
 * The byte formats of protocol/attest: DSSE's PAE (the spec's own example), envelope JSON both
 * ways, SSHSIG and allowed_signers lines read with bounds, hostile input refused typed.
 */
import { describe, expect, it } from 'vitest';
import { envelopeJson, pae, parseAllowedSigner, parseEnvelopeJson, parseSshSignature, unarmorSshSignature } from '../../../protocol/attest/index.ts';
import { sshString } from '../../../protocol/attest/ssh-wire.ts';
import { concatBytes, fromUtf8, utf8 } from '../../../protocol/bytes.ts';
import { ProtocolError } from '../../../protocol/errors.ts';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof ProtocolError ? e.code : `not a ProtocolError: ${String(e)}`;
  }
  return 'no error';
};

describe('DSSE', () => {
  it('PAE is the spec example byte for byte', () => {
    expect(fromUtf8(pae('http://example.com/HelloWorld', utf8('hello world')))).toBe('DSSEv1 29 http://example.com/HelloWorld 11 hello world');
    // Lengths are of bytes, not characters.
    expect(fromUtf8(pae('t', utf8('é')))).toBe('DSSEv1 1 t 2 é');
  });

  it('reads what it writes, and base64url too', () => {
    const e = { payloadType: 'application/vnd.in-toto+json', payload: utf8('{"a":1}'), signatures: [{ keyid: 'k', sig: new Uint8Array([0xfb, 0xff, 0x01]) }] };
    expect(parseEnvelopeJson(envelopeJson(e))).toEqual(e);
    const url = JSON.stringify({ payloadType: 't', payload: 'eyJhIjoxfQ', signatures: [{ sig: '-_8B' }] });
    expect(parseEnvelopeJson(url).signatures[0]!.sig).toEqual(new Uint8Array([0xfb, 0xff, 0x01]));
  });

  it('refuses what is not an envelope', () => {
    expect(codeOf(() => parseEnvelopeJson('{'))).toBe('SCHEMA');
    expect(codeOf(() => parseEnvelopeJson('{"payloadType":"t","payload":"!!","signatures":[{"sig":"AA=="}]}'))).toBe('SCHEMA');
    expect(codeOf(() => parseEnvelopeJson('{"payloadType":"t","payload":"AA==","signatures":[]}'))).toBe('SCHEMA');
  });
});

describe('SSHSIG', () => {
  const key = concatBytes(sshString('ssh-ed25519'), sshString(new Uint8Array(32)));
  const blob = (parts: Uint8Array[]) => concatBytes(utf8('SSHSIG'), ...parts);
  const good = [new Uint8Array([0, 0, 0, 1]), sshString(key), sshString('airsign-request'), sshString(''), sshString('sha512'), sshString(concatBytes(sshString('ssh-ed25519'), sshString(new Uint8Array(64))))];

  it('reads a well-formed blob', () => {
    const s = parseSshSignature(blob(good));
    expect([s.publicKey.type, s.namespace, s.hashAlgorithm, s.signatureType, s.signature.length]).toEqual(['ssh-ed25519', 'airsign-request', 'sha512', 'ssh-ed25519', 64]);
  });

  it('refuses hostile blobs, typed', () => {
    expect(codeOf(() => parseSshSignature(utf8('SSHSIh')))).toBe('BAD_MAGIC');
    expect(codeOf(() => parseSshSignature(blob([new Uint8Array([0, 0, 0, 2])])))).toBe('UNKNOWN_VERSION');
    expect(codeOf(() => parseSshSignature(blob(good).subarray(0, 40)))).toBe('TRUNCATED');
    expect(codeOf(() => parseSshSignature(concatBytes(blob(good), new Uint8Array(1))))).toBe('TRAILING_BYTES');
    // A length far beyond the blob is refused before anything is allocated.
    expect(codeOf(() => parseSshSignature(blob([new Uint8Array([0, 0, 0, 1]), new Uint8Array([0xff, 0xff, 0xff, 0xff])])))).toBe('TRUNCATED');
    const dsa = concatBytes(sshString('ssh-dss'), sshString(new Uint8Array(8)));
    expect(codeOf(() => parseSshSignature(blob([good[0]!, sshString(dsa), ...good.slice(2)])))).toBe('UNSUPPORTED');
    expect(codeOf(() => parseSshSignature(blob([...good.slice(0, 4), sshString('md5'), good[5]!])))).toBe('UNSUPPORTED');
    expect(codeOf(() => unarmorSshSignature('hello'))).toBe('BAD_MAGIC');
  });
});

describe('allowed_signers', () => {
  const b64 = Buffer.from(concatBytes(sshString('ssh-ed25519'), sshString(new Uint8Array(32).fill(1)))).toString('base64');

  it('reads principals, options and the key', () => {
    const s = parseAllowedSigner(`alice@example.org,a2@example.org namespaces="airsign-request,git",valid-before="20300101" ssh-ed25519 ${b64} comment here`);
    expect(s.principals).toEqual(['alice@example.org', 'a2@example.org']);
    expect(s.namespaces).toEqual(['airsign-request', 'git']);
    expect(s.validBefore).toBe(Date.UTC(2030, 0, 1) / 1000);
    expect(parseAllowedSigner(`bob ssh-ed25519 ${b64}`).namespaces).toBeUndefined();
  });

  it('refuses certificates, unknown options, mismatched types and bad times', () => {
    expect(codeOf(() => parseAllowedSigner(`a cert-authority ssh-ed25519 ${b64}`))).toBe('UNSUPPORTED');
    expect(codeOf(() => parseAllowedSigner(`a ssh-rsa ${b64}`))).toBe('SCHEMA');
    expect(codeOf(() => parseAllowedSigner(`a valid-before="2030" ssh-ed25519 ${b64}`))).toBe('SCHEMA');
    expect(codeOf(() => parseAllowedSigner('a ssh-ed25519'))).toBe('SCHEMA');
    expect(codeOf(() => parseAllowedSigner(`a namespaces="x ssh-ed25519 ${b64}`))).toBe('SCHEMA');
  });
});
