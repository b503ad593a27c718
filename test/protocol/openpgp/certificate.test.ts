/**
 * The bytes of protocol/openpgp checked by gpg and sq with software keys (the token tests are in
 * test/offline/openpgp): a certificate built here and self-signed by node:crypto is imported by gpg
 * with our fingerprint and user ID, inspected by sq, and a detached signature made from a resumed
 * midstate verifies under both.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARMOR, Sha256State, armor, binarySignature, certificatePackets, crc24, fingerprint, selfSignatureInput, signaturePacket, signatureTrailer } from '../../../protocol/openpgp/index.ts';
import type { OpenPgpPublicKey } from '../../../protocol/openpgp/index.ts';
import { toHex } from '../../../protocol/bytes.ts';
import { GpgHome, openPgpToolsMissing, sqInspect, sqVerify } from '../../support/openpgp-tools.ts';
import { scratchDir } from '../../support/tools.ts';

if (openPgpToolsMissing !== undefined) console.warn(`openpgp certificate: skipped, ${openPgpToolsMissing}`);

const b64url = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
const CREATED = 1_780_000_000;
const USER_ID = 'Release Key <release@example.org>';

function openPgpKey(publicKey: KeyObject): OpenPgpPublicKey {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty === 'RSA') return { kind: 'rsa', n: b64url(jwk.n!), e: b64url(jwk.e!), created: CREATED };
  return { kind: 'ec', point: new Uint8Array([4, ...b64url(jwk.x!), ...b64url(jwk.y!)]), created: CREATED };
}

/** What the token does: RSA PKCS#1 v1.5 over a SHA-256 DigestInfo, or ECDSA's raw r||s. */
function softwareSign(privateKey: KeyObject, data: Uint8Array): Uint8Array {
  return new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
}

it('CRC-24 of "123456789" is 0x21cf02 (the check value of CRC-24/OPENPGP)', () => {
  expect(crc24(new TextEncoder().encode('123456789'))).toBe(0x21cf02);
});

describe.skipIf(openPgpToolsMissing !== undefined).each([
  ['RSA 3072', () => generateKeyPairSync('rsa', { modulusLength: 3072 })],
  ['P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
] as const)('%s software key', (_name, generate) => {
  const dir = scratchDir('openpgp-proto');
  const home = new GpgHome();
  let key: OpenPgpPublicKey;
  let privateKey: KeyObject;
  const certPath = join(dir, 'key.asc');

  beforeAll(() => {
    const pair = generate();
    privateKey = pair.privateKey;
    key = openPgpKey(pair.publicKey);
    const input = selfSignatureInput(key, USER_ID, CREATED);
    const digest = new Uint8Array(createHash('sha256').update(input.data).digest());
    const packets = certificatePackets(key, USER_ID, signaturePacket(input.signature, digest, softwareSign(privateKey, input.data)));
    writeFileSync(certPath, armor(ARMOR.publicKey, packets));
  }, 120_000);

  afterAll(() => {
    home.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gpg imports the certificate with our fingerprint and user ID; sq inspects it', () => {
    const imported = home.import(certPath);
    expect(imported.status, imported.output).toBe(0);
    const listed = home.listKeys();
    expect(listed.fingerprints).toEqual([toHex(fingerprint(key))]);
    expect(listed.userIds).toEqual([USER_ID]);
    const inspected = sqInspect(certPath);
    expect(inspected.status, inspected.output).toBe(0);
    expect(inspected.output).toContain(toHex(fingerprint(key)).toUpperCase());
    expect(inspected.output).toContain(USER_ID);
    expect(inspected.output).not.toMatch(/invalid|not valid/i);
  });

  it.each([1, 55, 56, 63, 64, 65, 1000])('a detached signature over %i bytes from a resumed midstate verifies under gpg and sq', (n) => {
    const file = join(dir, `file-${n}`);
    const content = new Uint8Array(n).map((_, i) => (i * 7 + n) & 0xff);
    writeFileSync(file, content);
    const sig = binarySignature(key, CREATED + 60);
    const { state, tail } = Sha256State.fresh().update(content).midstate();
    const trailer = signatureTrailer(sig);
    const digest = Sha256State.resume(state).update(tail).update(trailer).digest();
    const signature = softwareSign(privateKey, new Uint8Array([...content, ...trailer]));
    const sigPath = `${file}.asc`;
    writeFileSync(sigPath, armor(ARMOR.signature, signaturePacket(sig, digest, signature)));
    if (home.listKeys().fingerprints.length === 0) home.import(certPath);
    const verified = home.verify(sigPath, file);
    expect(verified.output).toContain(`[GNUPG:] VALIDSIG ${toHex(fingerprint(key)).toUpperCase()}`);
    expect(verified.status, verified.output).toBe(0);
    const sq = sqVerify(certPath, sigPath, file);
    expect(sq.status, sq.output).toBe(0);
    const tampered = `${file}.tampered`;
    writeFileSync(tampered, content.map((b, i) => (i === n - 1 ? b ^ 1 : b)));
    const refused = home.verify(sigPath, tampered);
    expect(refused.output).toContain('[GNUPG:] BADSIG');
    expect(refused.status).not.toBe(0);
  });
});
