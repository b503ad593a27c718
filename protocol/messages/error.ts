/** An error the offline side sends back instead of a response, e.g. for a request it could not read. */
import { z } from 'zod';
import { PROTOCOL_VERSION } from '../version.ts';
import { bytes, text, unixSeconds } from './fields.ts';

export const ErrorMessage = z.strictObject({
  v: z.literal(PROTOCOL_VERSION),
  kind: z.literal('error'),
  /** Digest of the request this answers, when it could be read at all. */
  requestDigest: bytes(32, 32).optional(),
  code: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/),
  message: text(500),
  at: unixSeconds,
});
export type ErrorMessage = z.infer<typeof ErrorMessage>;
