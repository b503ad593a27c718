/**
 * Who is on the other end of a connection: the client certificate the TLS handshake verified
 * against the configured CA, matched to a submitter of the config by fingerprint or subject,
 * and checked against the revocation list.
 */
import { X509Certificate } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { normalSerial } from './config.ts';
import type { ServerConfig, SubmitterConfig } from './config.ts';
import { ServerError } from './errors.ts';

export interface ClientIdentity {
  /** SHA-256 of the client certificate, lower-case hex. */
  readonly fingerprint: string;
  /** Subject as "CN=ci-1, O=Example". */
  readonly subject: string;
  readonly serial: string;
  readonly submitter: SubmitterConfig;
}

function oneLine(subject: string): string {
  return subject
    .split('\n')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(', ');
}

function sameSubject(a: string, b: string): boolean {
  const parts = (s: string) => s.split(/\s*[,\n]\s*/).filter((p) => p !== '');
  return parts(a).join('\n') === parts(b).join('\n');
}

export function identify(socket: TLSSocket, config: ServerConfig): ClientIdentity {
  const peer = socket.getPeerCertificate();
  if (!socket.authorized || peer === null || peer.raw === undefined) {
    throw new ServerError('NO_CLIENT_CERTIFICATE', `a client certificate signed by the configured CA is required${socket.authorizationError === undefined ? '' : ` (${String(socket.authorizationError)})`}`);
  }
  const cert = new X509Certificate(peer.raw);
  const fingerprint = cert.fingerprint256.replace(/:/g, '').toLowerCase();
  const subject = oneLine(cert.subject);
  const serial = normalSerial(cert.serialNumber);
  if (config.revoked.fingerprints.includes(fingerprint) || config.revoked.serials.includes(serial)) {
    throw new ServerError('REVOKED_CLIENT', `the client certificate ${subject} (serial ${serial}) is revoked`);
  }
  const submitter =
    config.submitters.find((s) => s.fingerprint === fingerprint) ?? config.submitters.find((s) => s.fingerprint === undefined && s.subject !== undefined && sameSubject(s.subject, subject));
  if (submitter === undefined) throw new ServerError('UNKNOWN_CLIENT', `the client certificate ${subject} (SHA-256 ${fingerprint}) is not a configured submitter`);
  return { fingerprint, subject, serial, submitter };
}
