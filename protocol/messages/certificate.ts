/** A certificate from the key ceremony, sent to the online side, which pins it. */
import { z } from 'zod';
import { PROTOCOL_VERSION } from '../version.ts';
import { LIMITS } from '../limits.ts';
import { bytes, text, unixSeconds } from './fields.ts';

export const CertificateExport = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  kind: z.literal('certificate'),
  /** X.509 certificate, DER. */
  certificate: bytes(64, LIMITS.maxCertificateBytes),
  /** The key's label on the token. */
  label: text(64, 1),
  /** PKCS#11 URI of the key (token and object; never a PIN). */
  keyUri: text(512),
  exportedAt: unixSeconds,
});
export type CertificateExport = z.infer<typeof CertificateExport>;
