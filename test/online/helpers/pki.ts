/**
 * A throwaway PKI for the server tests: a CA, a server certificate for 127.0.0.1, and client
 * certificates valid, expired, or from another CA. Keys come from node:crypto (fast); node-forge
 * writes the certificates, since it can set any validity period.
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { ClientTls } from './https-client.ts';

export interface Issued {
  readonly certPem: string;
  readonly keyPem: string;
  /** SHA-256 of the certificate, lower-case hex. */
  readonly fingerprint: string;
  readonly serial: string;
  readonly subject: string;
}

function rsaKey(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

let serialCounter = 0x1000;

/** One key pair for every leaf: certificates still differ (serial, subject), and the tests stay fast. */
let leafKey: { privatePem: string; publicPem: string } | undefined;

function issue(options: {
  cn: string;
  issuer?: Issued;
  ca?: boolean;
  server?: boolean;
  notBefore?: Date;
  notAfter?: Date;
}): Issued {
  const key = options.ca === true ? rsaKey() : (leafKey ??= rsaKey());
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(key.publicPem);
  const serial = (serialCounter++).toString(16).padStart(4, '0');
  cert.serialNumber = `01${serial}`;
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - 3600_000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 24 * 3600_000);
  const subject = [
    { name: 'commonName', value: options.cn },
    { name: 'organizationName', value: 'airsign tests' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(options.issuer === undefined ? subject : forge.pki.certificateFromPem(options.issuer.certPem).subject.attributes);
  const extensions: object[] = [{ name: 'basicConstraints', cA: options.ca === true, critical: true }];
  if (options.ca === true) extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  else extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true }, { name: 'extKeyUsage', serverAuth: options.server === true, clientAuth: options.server !== true });
  if (options.server === true) extensions.push({ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] });
  cert.setExtensions(extensions);
  cert.sign(forge.pki.privateKeyFromPem(options.issuer?.keyPem ?? key.privatePem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const x509 = new X509Certificate(certPem);
  return {
    certPem,
    keyPem: key.privatePem,
    fingerprint: x509.fingerprint256.replace(/:/g, '').toLowerCase(),
    serial: x509.serialNumber,
    subject: x509.subject.split('\n').join(', '),
  };
}

export interface TestPki {
  readonly ca: Issued;
  readonly server: Issued;
  client(cn: string, validity?: { notBefore: Date; notAfter: Date }): Issued;
  /** A client certificate from a CA the server does not trust. */
  foreignClient(cn: string): Issued;
}

export function makePki(): TestPki {
  const ca = issue({ cn: 'airsign test CA', ca: true, notAfter: new Date(Date.now() + 7 * 24 * 3600_000) });
  const server = issue({ cn: 'airsign test server', issuer: ca, server: true });
  const otherCa = issue({ cn: 'some other CA', ca: true });
  return {
    ca,
    server,
    client: (cn, validity) => issue({ cn, issuer: ca, ...(validity ?? {}) }),
    foreignClient: (cn) => issue({ cn, issuer: otherCa }),
  };
}

/** `count` build machines, `build-0`...: their TLS client settings, and their submitter entries for the server config. */
export function buildMachines(pki: TestPki, count: number, keySha: string): { clients: ClientTls[]; submitters: { name: string; fingerprint: string; packages: string[]; keys: string[] }[] } {
  const clients: ClientTls[] = [];
  const submitters = [];
  for (let i = 0; i < count; i++) {
    const cert = pki.client(`build-${i}`);
    clients.push({ ca: pki.ca.certPem, cert: cert.certPem, key: cert.keyPem });
    submitters.push({ name: `build-${i}`, fingerprint: cert.fingerprint, packages: ['org.example.*'], keys: [keySha] });
  }
  return { clients, submitters };
}
