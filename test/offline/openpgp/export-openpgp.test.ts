/**
 * `airsign-signer export-openpgp` on SoftHSM2 through the real CLI: the token self-signs the
 * certificate; gpg (in a temporary GNUPGHOME) imports it with the user ID and the fingerprint the
 * signer printed, sq inspects it, and a second export gives the same fingerprint (the creation
 * time is kept in the state directory).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signerCli } from '../support/cli.ts';
import { freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import { GpgHome, openPgpToolsMissing, sqInspect } from '../../support/openpgp-tools.ts';

if (openPgpToolsMissing !== undefined) console.warn(`export-openpgp: skipped, ${openPgpToolsMissing}`);

const USER_ID = 'Example Release <release@example.org>';
let hsm: SoftHsm;
const homes: GpgHome[] = [];

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('pgp');
  makeKeys(hsm, 'pgp', [
    { label: 'rsa', keyType: { kind: 'rsa', bits: 3072 } },
    { label: 'ec', keyType: { kind: 'ec', curve: 'p256' } },
  ]);
}, 300_000);

afterAll(() => {
  for (const home of homes) home.remove();
  hsm?.remove();
});

function exportKey(label: string, out: string, userId = USER_ID) {
  return signerCli(['export-openpgp', '--uri', `pkcs11:token=pgp;object=${label}`, '--user-id', userId, '--out', out, '--pin-file', hsm.pinFile, '--state', join(hsm.dir, 'state')], hsm.env);
}

describe.skipIf(openPgpToolsMissing !== undefined).each(['rsa', 'ec'])('export-openpgp, %s key', (label) => {
  it('gpg imports it with our user ID and fingerprint; sq inspects it; a second export keeps the fingerprint', () => {
    const out = join(hsm.dir, `${label}.asc`);
    const made = exportKey(label, out);
    expect(made.status, made.stderr).toBe(0);
    expect(made.last).toBe(out);
    const printed = /^fingerprint: ([0-9A-F]{40})$/m.exec(made.stdout)?.[1];
    expect(printed, made.stdout).toBeDefined();
    expect(readFileSync(out, 'utf8')).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----\n/);

    const home = new GpgHome();
    homes.push(home);
    const imported = home.import(out);
    expect(imported.status, imported.output).toBe(0);
    const listed = home.listKeys();
    expect(listed.fingerprints).toEqual([printed!.toLowerCase()]);
    expect(listed.userIds).toEqual([USER_ID]);
    // gpg checked the self-signature: a bad one leaves the user ID out ("no valid user IDs").
    const checked = home.gpg(['--check-signatures']);
    expect(checked.output, checked.output).toMatch(/^sig:!:/m);

    const inspected = sqInspect(out);
    expect(inspected.status, inspected.output).toBe(0);
    expect(inspected.output).toContain(printed);
    expect(inspected.output).toContain(USER_ID);
    expect(inspected.output).toMatch(label === 'rsa' ? /Public-key algo: RSA[^\n]*\n\s*Public-key size: 3072 bits/ : /Public-key algo: ECDSA\n\s*Public-key size: 256 bits/);
    expect(inspected.output).not.toMatch(/invalid/i);

    const again = exportKey(label, join(hsm.dir, `${label}-again.asc`), 'Another Name <other@example.org>');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain(`fingerprint: ${printed}`);
    expect(again.stdout).not.toContain('fixed now');

    // Both self-signatures are on record in the audit log, which still verifies.
    const records = readFileSync(join(hsm.dir, 'state', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const mine = records.filter((r) => r.event === 'openpgp-certified' && r.fingerprint === printed!.toLowerCase());
    expect(mine.map((r) => r.userId)).toEqual([USER_ID, 'Another Name <other@example.org>']);
    const audit = signerCli(['audit', 'verify', '--state', join(hsm.dir, 'state')], hsm.env);
    expect(audit.status, audit.stdout + audit.stderr).toBe(0);
  });
});

describe.skipIf(openPgpToolsMissing !== undefined)('export-openpgp refuses', () => {
  it('a URI that names more than one key, writing nothing', () => {
    const out = join(hsm.dir, 'both.asc');
    const r = signerCli(['export-openpgp', '--uri', 'pkcs11:token=pgp', '--user-id', USER_ID, '--out', out, '--pin-file', hsm.pinFile, '--state', join(hsm.dir, 'state-both')], hsm.env);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('KEY_AMBIGUOUS');
    expect(() => readFileSync(out)).toThrow();
  });

  it('a state file that is not its own, rather than fixing a new creation time (a new fingerprint)', () => {
    const state = join(hsm.dir, 'state-corrupt');
    mkdirSync(state, { recursive: true, mode: 0o700 });
    writeFileSync(join(state, 'openpgp-keys.json'), '{"version":1,"keys":{"nothex":5}}');
    const r = signerCli(['export-openpgp', '--uri', 'pkcs11:token=pgp;object=rsa', '--user-id', USER_ID, '--out', join(hsm.dir, 'corrupt.asc'), '--pin-file', hsm.pinFile, '--state', state], hsm.env);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('STATE_CORRUPT');
  });

  it('a user ID with a control character', () => {
    const r = exportKey('rsa', join(hsm.dir, 'ctl.asc'), 'Name\n<mail@example.org>');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('BAD_ARGUMENT');
  });
});
