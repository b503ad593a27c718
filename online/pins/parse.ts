/**
 * Reads a certificate to pin: a PEM file, a DER file, or the certificate message file the key
 * ceremony exports (it also names the key's label and PKCS#11 URI).
 */
import { createHash, X509Certificate } from 'node:crypto';
import type { Message } from '../../protocol/messages/index.ts';
import type { PinnedCertificate } from '../store/index.ts';
import { PinError } from './errors.ts';

function fromDer(der: Uint8Array, now: number, extra: { label?: string; keyUri?: string } = {}): PinnedCertificate {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (cause) {
    throw new PinError('NOT_A_CERTIFICATE', 'the file holds no readable X.509 certificate', { cause });
  }
  const subject = cert.subject.replace(/\n/g, ', ');
  return {
    sha256: createHash('sha256').update(der).digest('hex'),
    der: new Uint8Array(der),
    label: extra.label ?? subject,
    ...(extra.keyUri === undefined ? {} : { keyUri: extra.keyUri }),
    subject,
    notAfter: new Date(cert.validTo).toISOString(),
    addedAt: now,
  };
}

const PEM = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;

/** Reads a PEM or DER certificate, or, given a way to read message files, a certificate export. */
export function certificateFromFile(bytes: Uint8Array, readMessageFile?: (file: Uint8Array) => Message, now = Date.now()): PinnedCertificate {
  const text = new TextDecoder().decode(bytes.subarray(0, Math.min(bytes.length, 64 * 1024)));
  const pem = PEM.exec(text);
  if (pem !== null) return fromDer(Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64'), now);
  if (bytes[0] === 0x30) return fromDer(bytes, now);
  if (readMessageFile !== undefined) {
    let message: Message;
    try {
      message = readMessageFile(bytes);
    } catch (cause) {
      throw new PinError('NOT_A_CERTIFICATE', 'the file is neither a PEM/DER certificate nor a readable message file', { cause });
    }
    if (message.kind !== 'certificate') throw new PinError('NOT_A_CERTIFICATE', `the message file holds a ${message.kind}, not a certificate`);
    return fromDer(message.certificate, now, { label: message.label, keyUri: message.keyUri });
  }
  throw new PinError('NOT_A_CERTIFICATE', 'the file is not a PEM or DER certificate');
}
