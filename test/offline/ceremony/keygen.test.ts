/**
 * The key ceremony on a fresh SoftHSM2 token through the real CLI: keys made in the token,
 * sensitive and never extractable (as pkcs11-tool reports them), a certificate the token signed,
 * stored beside the key and written out.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeName, parseDistinguishedName } from '../../../offline/ceremony/name.ts';
import { verifyAuditLog } from '../../../offline/audit/verify.ts';
import { signerCli } from '../support/cli.ts';
import { MODULE, USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';

let hsm: SoftHsm;

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('ceremony');
});

afterAll(() => hsm.remove());

function keygen(label: string, type: string, extra: string[] = []) {
  const pem = join(hsm.dir, `${label}.pem`);
  const r = signerCli(
    ['keygen', '--uri', `pkcs11:token=ceremony;object=${label}`, '--type', type, '--subject', `CN=${label} release\\, signing, O=Example Org, C=DE`, '--cert-out', pem, '--pin-file', hsm.pinFile, '--state', join(hsm.dir, 'state'), ...extra],
    hsm.env,
  );
  return { ...r, pem };
}

/** pkcs11-tool's description of the private key with this label. */
function privateKeyListing(label: string): string {
  const out = execFileSync('pkcs11-tool', ['--module', MODULE, '--token-label', 'ceremony', '--login', '--pin', USER_PIN, '-O', '--type', 'privkey', '--label', label], { env: hsm.env, encoding: 'utf8' });
  return out;
}

describe.each([
  ['rsa:3072', 'rsa', 3072],
  ['ec:p256', 'ec', undefined],
] as const)('keygen %s', (type, kind, bits) => {
  const label = `key-${kind}`;
  let made: ReturnType<typeof keygen>;
  beforeAll(() => {
    made = keygen(label, type, ['--validity-years', '25']);
  });

  it('prints the certificate path last and the certificate verifies under its own key', () => {
    expect(made.status, made.stderr).toBe(0);
    expect(made.last).toBe(made.pem);
    const cert = new X509Certificate(readFileSync(made.pem));
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subject.split('\n')).toEqual(['C=DE', 'O=Example Org', `CN=${label} release\\, signing`]);
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.publicKey.asymmetricKeyType).toBe(kind);
    if (bits !== undefined) expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(bits);
    else expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365.25 * 86400_000);
    expect(Math.round(years)).toBe(25);
    expect(cert.ca).toBe(false);
    const text = execFileSync('openssl', ['x509', '-in', made.pem, '-noout', '-text'], { encoding: 'utf8' });
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Digital Signature/);
    expect(made.stdout).toContain(`fingerprint: sha256:${cert.fingerprint256.replace(/:/g, '').toLowerCase()}`);
  });

  it('leaves the private key sensitive and never extractable, for signing only', () => {
    const listing = privateKeyListing(label);
    expect(listing).toMatch(/Access:\s+sensitive, always sensitive, never extractable, local/);
    expect(listing).toMatch(/Usage:\s+sign\n/);
  });

  it('stores the certificate on the token under the key, as `keys` shows', () => {
    const r = signerCli(['keys', '--uri', `pkcs11:token=ceremony;object=${label}`, '--pin-file', hsm.pinFile, '--json'], hsm.env);
    expect(r.status, r.stderr).toBe(0);
    const row = JSON.parse(r.last);
    const cert = new X509Certificate(readFileSync(made.pem));
    expect(row).toMatchObject({ label, type, privateKey: 'present', sensitive: true, extractable: false, fingerprint: `sha256:${cert.fingerprint256.replace(/:/g, '').toLowerCase()}` });
  });
});

describe('keygen refusals', () => {
  it('refuses a label already on the token, and leaves the token as it was', () => {
    expect(keygen('twice', 'ec:p256').status).toBe(0);
    const r = keygen('twice', 'ec:p256');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('KEY_EXISTS');
    const keys = signerCli(['keys', '--uri', 'pkcs11:token=ceremony;object=twice', '--json', '--pin-file', hsm.pinFile], hsm.env);
    expect(keys.stdout.trim().split('\n').filter((l) => l.startsWith('{'))).toHaveLength(1);
  });

  it('needs a label, a known type and a subject it can write', () => {
    const noLabel = signerCli(['keygen', '--uri', 'pkcs11:token=ceremony', '--type', 'ec:p256', '--subject', 'CN=x', '--cert-out', join(hsm.dir, 'x.pem'), '--pin-file', hsm.pinFile], hsm.env);
    expect(noLabel.stderr).toContain('USAGE');
    expect(keygen('badtype', 'rsa:1024').stderr).toContain('USAGE');
    const badSubject = signerCli(['keygen', '--uri', 'pkcs11:token=ceremony;object=s', '--type', 'ec:p256', '--subject', 'XX=nope', '--cert-out', join(hsm.dir, 's.pem'), '--pin-file', hsm.pinFile], hsm.env);
    expect(badSubject.status).toBe(1);
    expect(badSubject.stderr).toContain('BAD_SUBJECT');
  });

  it('logs each ceremony in the audit log', () => {
    const report = verifyAuditLog(join(hsm.dir, 'state', 'audit.log'));
    expect(report.ok).toBe(true);
    expect(report.records).toBeGreaterThanOrEqual(3);
  });
});

describe('distinguished names', () => {
  it('parses RFC 4514 style with escapes and writes DER in reverse order', () => {
    expect(parseDistinguishedName('CN=A\\, B, O=Org+Co, C=DE')).toEqual([
      { type: 'CN', value: 'A, B' },
      { type: 'O', value: 'Org+Co' },
      { type: 'C', value: 'DE' },
    ]);
    const der = encodeName(parseDistinguishedName('CN=x, C=DE'));
    // SEQUENCE { SET { SEQUENCE { 2.5.4.6, PrintableString "DE" } }, SET { SEQUENCE { 2.5.4.3, UTF8String "x" } } }
    expect(Buffer.from(der).toString('hex')).toBe('3019310b3009060355040613024445310a300806035504030c0178');
    for (const bad of ['CN', 'ZZ=1', 'C=DEU', 'CN=', 'CN=a\\', 'CN=\u0001']) expect(() => parseDistinguishedName(bad), bad).toThrow(expect.objectContaining({ code: 'BAD_SUBJECT' }));
  });
});
