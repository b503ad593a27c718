/**
 * The cleartext signature framework checked by gpg and sq with a software key: trailing spaces and
 * tabs are not signed, lines are signed with CR LF and without the last line end, lines that start
 * with "-" are dash-escaped; gpg verifies the message and refuses it with one signed character
 * changed. Also armor read back (dearmor, its CRC) and the certificate's primary key read back.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../../../protocol/bytes.ts';
import {
  ARMOR, armor, canonicalText, certificatePackets, certificatePrimaryKey, cleartextMessage, dashEscape, dearmor, fingerprint, readPackets,
  selfSignatureInput, signaturePacket, signatureTrailer, textSignature,
} from '../../../protocol/openpgp/index.ts';
import type { OpenPgpPublicKey } from '../../../protocol/openpgp/index.ts';
import { GpgHome, openPgpToolsMissing } from '../../support/openpgp-tools.ts';
import { scratchDir } from '../../support/tools.ts';

const CREATED = 1_780_000_000;
const USER_ID = 'Cleartext Test <cleartext@example.org>';
const b64url = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));

describe('canonical text (RFC 4880 section 7.1)', () => {
  it('strips trailing spaces and tabs, joins lines with CR LF and leaves out the last line end', () => {
    expect(new TextDecoder().decode(canonicalText('a  \nb\t\n\nc \t \n'))).toBe('a\r\nb\r\n\r\nc');
    expect(new TextDecoder().decode(canonicalText('no end'))).toBe('no end');
    expect(new TextDecoder().decode(canonicalText(''))).toBe('');
  });

  it('dash-escapes lines that start with "-" (and "From ")', () => {
    expect(dashEscape('-----BEGIN PGP SIGNATURE-----')).toBe('- -----BEGIN PGP SIGNATURE-----');
    expect(dashEscape('From me')).toBe('- From me');
    expect(dashEscape('Origin: x')).toBe('Origin: x');
  });

  it('refuses CR in the text', () => {
    expect(() => canonicalText('a\r\nb')).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });
});

describe('armor read back', () => {
  it('gives the bytes back and checks the CRC-24', () => {
    const data = Uint8Array.from({ length: 301 }, (_, i) => (i * 31) & 0xff);
    const text = armor(ARMOR.signature, data);
    expect(toHex(dearmor(text, ARMOR.signature))).toBe(toHex(data));
    expect(toHex(dearmor(`junk before\n${text.replace(/\n/g, '\r\n')}`, ARMOR.signature))).toBe(toHex(data));
    const body = text.split('\n');
    body[2] = body[2]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(() => dearmor(body.join('\n'), ARMOR.signature)).toThrow(expect.objectContaining({ code: 'BAD_CHECKSUM' }));
    expect(() => dearmor(text, ARMOR.publicKey)).toThrow(expect.objectContaining({ code: 'BAD_TYPE' }));
    // The CRC-24 line is optional (RFC 4880 6.2, RFC 9580 6.2): without it the bytes read back as they are.
    expect(toHex(dearmor(text.replace(/=.{4}\n-----END/, '-----END'), ARMOR.signature))).toBe(toHex(data));
  });

  it('refuses packets that run past the end', () => {
    expect(() => readPackets(Uint8Array.of(0xc2, 10, 1, 2))).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => readPackets(Uint8Array.of(0x42))).toThrow(expect.objectContaining({ code: 'BAD_TYPE' }));
    expect(() => readPackets(Uint8Array.of(0xc2, 0xff, 0, 0))).toThrow(expect.objectContaining({ code: 'TRUNCATED' }));
  });
});

describe.skipIf(openPgpToolsMissing !== undefined).each([
  ['RSA 3072', () => generateKeyPairSync('rsa', { modulusLength: 3072 })],
  ['P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
] as const)('a cleartext-signed message, %s software key', (_name, generate) => {
  const dir = scratchDir('cleartext');
  const home = new GpgHome();
  let key: OpenPgpPublicKey;
  let privateKey: KeyObject;
  const certPath = join(dir, 'key.asc');
  const softwareSign = (data: Uint8Array) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));

  beforeAll(() => {
    const pair = generate();
    privateKey = pair.privateKey;
    const jwk = pair.publicKey.export({ format: 'jwk' });
    key = jwk.kty === 'RSA' ? { kind: 'rsa', n: b64url(jwk.n!), e: b64url(jwk.e!), created: CREATED } : { kind: 'ec', point: new Uint8Array([4, ...b64url(jwk.x!), ...b64url(jwk.y!)]), created: CREATED };
    const input = selfSignatureInput(key, USER_ID, CREATED);
    const digest = new Uint8Array(createHash('sha256').update(input.data).digest());
    const cert = armor(ARMOR.publicKey, certificatePackets(key, USER_ID, signaturePacket(input.signature, digest, softwareSign(input.data))));
    writeFileSync(certPath, cert);
    expect(toHex(fingerprint(certificatePrimaryKey(dearmor(cert, ARMOR.publicKey))))).toBe(toHex(fingerprint(key)));
    expect(home.import(certPath).status).toBe(0);
  }, 120_000);

  afterAll(() => {
    home.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  function signed(text: string): string {
    const sig = textSignature(key, CREATED + 60);
    const data = new Uint8Array([...canonicalText(text), ...signatureTrailer(sig)]);
    const digest = new Uint8Array(createHash('sha256').update(data).digest());
    return cleartextMessage(text, signaturePacket(sig, digest, softwareSign(data)));
  }

  it.each([
    ['plain lines', 'Origin: Airsign\nSuite: stable\n'],
    ['trailing spaces and tabs', 'Origin: Airsign   \nSuite: stable\t\n'],
    ['lines starting with "-" and "From "', '-----BEGIN PGP SIGNATURE-----\n- dash\nFrom here\nend\n'],
    ['no last line end', 'one line'],
    ['empty lines', 'a\n\n\nb\n'],
  ])('gpg verifies %s, and refuses a changed character', (_what, text) => {
    const file = join(dir, `message-${Math.random().toString(36).slice(2)}.asc`);
    const message = signed(text);
    writeFileSync(file, message);
    const verified = home.gpg(['--status-fd', '1', '--verify', file]);
    expect(verified.output).toContain(`[GNUPG:] VALIDSIG ${toHex(fingerprint(key)).toUpperCase()}`);
    expect(verified.status, verified.output).toBe(0);
    // What gpg recovers is the text, dash-escapes undone.
    const out = `${file}.out`;
    expect(home.gpg(['--output', out, '--decrypt', file]).status).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]!.trimEnd()).toBe(text.split('\n')[0]!.trimEnd());
    const tampered = `${file}.tampered`;
    writeFileSync(tampered, message.replace(/^(-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n.)/, (m) => `${m.slice(0, -1)}${m.endsWith('x') ? 'y' : 'x'}`));
    const refused = home.gpg(['--status-fd', '1', '--verify', tampered]);
    expect(refused.output).toContain('[GNUPG:] BADSIG');
    expect(refused.status).not.toBe(0);
  });

  it('the signed bytes are the canonical text: trailing whitespace changes nothing that is signed', () => {
    expect(toHex(canonicalText('a \nb\t\n'))).toBe(toHex(utf8('a\r\nb')));
  });
});
