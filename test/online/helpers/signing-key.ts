/**
 * A software signing key and its self-signed certificate, as the key ceremony would make on the
 * token (here with node:crypto for the key and node-forge for the certificate).
 */
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';
import type { SoftwareKey } from './software-signer.ts';

export interface SigningKeyFiles extends SoftwareKey {
  /** The certificate as PEM, written to `dir/cert.pem`. */
  readonly certPath: string;
  readonly certPem: string;
}

export async function makeSigningKey(dir: string, cn = 'airsign test release key'): Promise<SigningKeyFiles> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 86400_000);
  cert.validity.notAfter = new Date(Date.now() + 25 * 365 * 86400_000);
  const name = [{ name: 'commonName', value: cn }];
  cert.setSubject(name);
  cert.setIssuer(name);
  const privatePem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  cert.sign(forge.pki.privateKeyFromPem(privatePem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const certDer = new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary'));
  const certPath = join(dir, 'cert.pem');
  await writeFile(certPath, certPem);
  return { privateKey: createPrivateKey(privatePem), certDer, certPath, certPem };
}

/** Pins the certificate in `stateDir` as an operator would, with `airsign certs add`; returns its SHA-256 (hex). */
export function pinWithCli(certPath: string, stateDir: string): string {
  const airsign = join(import.meta.dirname, '../../../online/cli/airsign.js');
  return execFileSync(process.execPath, [airsign, 'certs', 'add', certPath, '--state', stateDir], { encoding: 'utf8' }).trim();
}
