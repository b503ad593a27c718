/**
 * A key the request asks the signer to make, in place of a pinned certificate: for an app's first
 * publish, when the app has no key yet. Items name it by key index past the request's `keys`
 * (index keys.length + j is newKeys[j]). The signer makes it only if its policy allows key
 * creation for that package and type, and answers with the new certificate.
 */
import { z } from 'zod';
import { packageName } from './fields.ts';

/** The key types a request may ask for (the key ceremony's types). */
export const NEW_KEY_TYPES = ['rsa:3072', 'rsa:4096', 'ec:p256'] as const;
export type NewKeyType = (typeof NEW_KEY_TYPES)[number];

/** At most this many new keys in one request. */
export const MAX_NEW_KEYS = 16;

export const NewKeyRequest = z.strictObject({
  /** The new key's label on the token (CKA_LABEL): fdroidserver's key alias for the app. */
  alias: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'an alias is letters, digits, ".", "_", "-", at most 64' }),
  keyType: z.enum(NEW_KEY_TYPES),
  /** The one package the key is for; the item signed with it must be this package. */
  package: packageName,
});
export type NewKeyRequest = z.infer<typeof NewKeyRequest>;
