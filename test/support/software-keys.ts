/**
 * Software keys with self-signed certificates for tests and benchmarks: the key from node:crypto,
 * the certificate from the openssl command line. Files are written once per process, so apksigner
 * (--key/--cert) and jarsigner (via a PKCS#12 keystore) can sign with the very same key.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TestKeyKind = 'rsa2048' | 'rsa3072' | 'rsa4096' | 'ec256' | 'ec384';

export interface TestKey {
  readonly kind: TestKeyKind;
  readonly privateKey: KeyObject;
  readonly certificateDer: Uint8Array;
  /** PKCS#8 DER private key, for `apksigner sign --key`. */
  readonly keyPath: string;
  /** PEM certificate, for `apksigner sign --cert` and `--cert` options. */
  readonly certPath: string;
  readonly dir: string;
}

const cache = new Map<TestKeyKind, TestKey>();

export function testKey(kind: TestKeyKind): TestKey {
  const cached = cache.get(kind);
  if (cached !== undefined) return cached;
  const { privateKey } =
    kind.startsWith('rsa')
      ? generateKeyPairSync('rsa', { modulusLength: Number(kind.slice(3)), publicExponent: 65537 })
      : generateKeyPairSync('ec', { namedCurve: kind === 'ec256' ? 'prime256v1' : 'secp384r1' });
  const dir = mkdtempSync(join(tmpdir(), `airsign-key-${kind}-`));
  const pemPath = join(dir, 'key.pem');
  const keyPath = join(dir, 'key.pk8');
  const certPath = join(dir, 'cert.pem');
  writeFileSync(pemPath, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'der' }));
  const digest = kind === 'rsa4096' || kind === 'ec384' ? '-sha512' : '-sha256';
  execFileSync('openssl', ['req', '-x509', '-new', '-key', pemPath, digest, '-days', '9000', '-subj', `/CN=airsign test ${kind}/O=airsign`, '-out', certPath]);
  const derPath = join(dir, 'cert.der');
  execFileSync('openssl', ['x509', '-in', certPath, '-outform', 'DER', '-out', derPath]);
  const key: TestKey = { kind, privateKey, certificateDer: new Uint8Array(readFileSync(derPath)), keyPath, certPath, dir };
  cache.set(kind, key);
  return key;
}

/** A PKCS#12 keystore holding the key (alias "signer", password "secret"), for jarsigner. */
export function testKeystore(key: TestKey): string {
  const path = join(key.dir, 'keystore.p12');
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(key.dir, 'key.pem'), '-in', key.certPath, '-name', 'signer', '-passout', 'pass:secret', '-out', path]);
  return path;
}
