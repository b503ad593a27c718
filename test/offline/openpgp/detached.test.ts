/**
 * Detached OpenPGP signatures made by the token (SoftHSM2) from a file's hash state, as the
 * `openpgp` kind will make them: the signer sees only the SHA-256 midstate, the tail and the length.
 * gpg and sq verify them under the certificate `export-openpgp` wrote, over files at the SHA-256
 * block edges and a few megabytes; gpg refuses a tampered file; a state that does not match its
 * declared length is refused before the token is asked.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDetached, knownCreationTime } from '../../../offline/openpgp/index.ts';
import { TokenConnection } from '../../../offline/pkcs11/token.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import { toHex } from '../../../protocol/bytes.ts';
import { isProtocolError } from '../../../protocol/errors.ts';
import { ARMOR, armor, fileHashState } from '../../../protocol/openpgp/index.ts';
import { signerCli } from '../support/cli.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import { GpgHome, openPgpToolsMissing, sqVerify } from '../../support/openpgp-tools.ts';

if (openPgpToolsMissing !== undefined) console.warn(`openpgp detached: skipped, ${openPgpToolsMissing}`);

const SIZES = [1, 55, 56, 63, 64, 65, 3 * 1024 * 1024 + 17];
let hsm: SoftHsm;
let token: TokenConnection;

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('pgp');
  makeKeys(hsm, 'pgp', [
    { label: 'rsa', keyType: { kind: 'rsa', bits: 3072 } },
    { label: 'ec', keyType: { kind: 'ec', curve: 'p256' } },
  ]);
  token = TokenConnection.open({ uri: parsePkcs11Uri('pkcs11:token=pgp') });
  token.login(Buffer.from(USER_PIN));
}, 300_000);

afterAll(() => {
  token?.close();
  hsm?.remove();
});

function fileOf(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) bytes[i] = (i * 31 + (i >> 8) + n) & 0xff;
  return bytes;
}

/** The file in pieces of odd sizes, as the online side would read it. */
function* pieces(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 65_537) yield bytes.subarray(at, at + 65_537);
}

describe.skipIf(openPgpToolsMissing !== undefined).each(['rsa', 'ec'])('detached signatures by the %s key in the token', (label) => {
  const stateDir = () => join(hsm.dir, 'state');
  const certPath = () => join(hsm.dir, `${label}.asc`);
  let home: GpgHome;
  let keyCreated: number;

  beforeAll(() => {
    const made = signerCli(['export-openpgp', '--uri', `pkcs11:token=pgp;object=${label}`, '--user-id', `Test ${label} <${label}@example.org>`, '--out', certPath(), '--pin-file', hsm.pinFile, '--state', stateDir()], hsm.env);
    expect(made.status, made.stderr).toBe(0);
    home = new GpgHome();
    expect(home.import(certPath()).status).toBe(0);
    const key = token.keys().find((k) => k.label === label)!;
    keyCreated = knownCreationTime(stateDir(), toHex(key.fingerprint!))!;
    expect(keyCreated).toBeGreaterThan(0);
  }, 300_000);

  afterAll(() => home?.remove());

  const key = () => token.keys().find((k) => k.label === label)!;

  it.each(SIZES)('gpg --verify and sq verify accept it over a %i-byte file; gpg refuses the file tampered', (n) => {
    const content = fileOf(n);
    const file = join(hsm.dir, `${label}-${n}.bin`);
    writeFileSync(file, content);
    const packet = signDetached(token, key(), keyCreated, fileHashState(pieces(content)), Math.floor(Date.now() / 1000));
    const sig = `${file}.asc`;
    writeFileSync(sig, armor(ARMOR.signature, packet));
    const gpg = home.verify(sig, file);
    expect(gpg.output).toMatch(/\[GNUPG:\] VALIDSIG [0-9A-F]{40} /);
    expect(gpg.status, gpg.output).toBe(0);
    const sq = sqVerify(certPath(), sig, file);
    expect(sq.status, sq.output).toBe(0);
    const tampered = `${file}.tampered`;
    writeFileSync(tampered, content.map((b, i) => (i === Math.floor(n / 2) ? b ^ 0x80 : b)));
    const refused = home.verify(sig, tampered);
    expect(refused.output).toContain('[GNUPG:] BADSIG');
    expect(refused.status).not.toBe(0);
  }, 120_000);

  it('refuses a hash state that does not match the declared length', () => {
    const state = fileHashState([fileOf(130)]);
    for (const bad of [{ ...state, length: 129 }, { ...state, length: 131 }, { ...state, length: 194 }, { ...state, tail: new Uint8Array(64), length: 128 + 64 }]) {
      let error: unknown;
      try {
        signDetached(token, key(), keyCreated, bad, 1_800_000_000);
      } catch (e) {
        error = e;
      }
      expect(isProtocolError(error), String(error)).toBe(true);
    }
  });
});
