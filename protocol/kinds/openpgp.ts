/**
 * A file to have an OpenPGP detached signature (RFC 4880 section 5.2.4, type 0x00 binary) made
 * for: `<file>.asc` beside it. The file never crosses: the item carries its SHA-256 hash state up
 * to its last whole 64-byte block, the tail and the length (protocol/openpgp/detached.ts), and the
 * signer builds the trailer itself (its key's OpenPGP form, SHA-256, the creation time and issuer
 * fingerprint), finishes the hash and signs the finished digest. Named by the file name, ordered by
 * the signature's creation time (seconds): a name's signatures must not go back in time.
 */
import { z } from 'zod';
import { bytesEqual, toHex } from '../bytes.ts';
import { LIMITS } from '../limits.ts';
import { bytes, sha256Bytes, uint } from '../messages/fields.ts';
import { fingerprint } from '../openpgp/public-key.ts';
import { openPgpKeyFromSpki } from '../openpgp/from-spki.ts';
import { finishDetachedHash } from '../openpgp/detached.ts';
import { signatureTrailer } from '../openpgp/signature.ts';
import { SIGNATURE_ALGORITHMS, signatureMethodOf } from '../signing/algorithms.ts';
import { certificateFields } from '../signing/certificate.ts';
import { refuse } from './android-rounds.ts';
import type { ArtifactKindModule } from './kind.ts';

/** A plain file name, as the online side takes files in (no directory, no leading dot). */
export const OPENPGP_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** A four-octet number: a SHA-256 word, an OpenPGP time in seconds. */
const u32 = uint(0xffffffff);

/** The SHA-256 state after the file's whole 64-byte blocks (FIPS 180-4 H0..H7 and the byte count), and the bytes after them. */
export const FileHashStateFields = z.strictObject({
  words: z.array(u32).length(8),
  /** Bytes taken in: a multiple of 64. */
  bytes: uint(),
  /** The file's last bytes after its whole blocks: 0 to 63. */
  tail: bytes(0, 63),
});
export type FileHashStateFields = z.infer<typeof FileHashStateFields>;

export const OpenPgpItem = z.strictObject({
  /** Index into the request's `keys`. */
  key: uint(LIMITS.maxKeys - 1),
  artifact: z.literal('openpgp'),
  /** The file's name; the signature is published as `<name>.asc`. */
  name: z.string().regex(OPENPGP_FILE_NAME, { message: 'not a plain file name' }),
  /** The file's length in bytes: the hash state must cover exactly this many. */
  size: uint(),
  /** SHA-256 of the file as submitted, shown to the operator (a claim: the hash state is what is signed). */
  sha256: sha256Bytes,
  schemes: z.array(z.literal('openpgp', { message: 'an OpenPGP item is signed with an OpenPGP signature only' })).length(1),
  hashState: FileHashStateFields,
  /** The signature's creation time (seconds), hashed into it; must rise per name under the default policy. */
  created: u32,
  /** The key's OpenPGP creation time (part of its fingerprint), as its exported certificate says. */
  keyCreated: u32,
  /** The key's v4 OpenPGP fingerprint: the signer checks it is its own key's at `keyCreated`. */
  keyFingerprint: bytes(20, 20),
});
export type OpenPgpItem = z.infer<typeof OpenPgpItem>;

/** The binary signature type, as the review and the audit log say it. */
export const OPENPGP_SIGNATURE_TYPE = 'binary document (0x00), detached';

export function formatFingerprint(fp: Uint8Array): string {
  return toHex(fp).toUpperCase();
}

export const openPgpKind: ArtifactKindModule<OpenPgpItem> = {
  kind: 'openpgp',
  schema: OpenPgpItem,
  noun: 'OpenPGP detached signature',
  nounPlural: 'OpenPGP detached signatures',
  ecdsaEncoding: 'raw',

  toBeSigned(item, key, certificateDer) {
    if (item.schemes.length !== 1 || item.schemes[0] !== 'openpgp') refuse('an OpenPGP item is signed with an OpenPGP signature only', 'schemes');
    if (key.kind === 'rsa' && key.bits < 2048) refuse(`an RSA key of ${key.bits} bits is too small for OpenPGP signatures`, 'key');
    const publicKey = openPgpKeyFromSpki(certificateFields(certificateDer).subjectPublicKeyInfo, item.keyCreated);
    if (!bytesEqual(fingerprint(publicKey), item.keyFingerprint)) {
      refuse(`the item names OpenPGP key ${formatFingerprint(item.keyFingerprint)}, but this certificate's key created at ${item.keyCreated} is ${formatFingerprint(fingerprint(publicKey))}`, 'keyFingerprint');
    }
    const state = { midstate: { words: item.hashState.words, bytes: item.hashState.bytes }, tail: item.hashState.tail, length: item.size };
    const { signature, digest } = finishDetachedHash(state, publicKey, item.created);
    const algorithm = key.kind === 'rsa' ? SIGNATURE_ALGORITHMS.RSA_PKCS1_V1_5_WITH_SHA256 : SIGNATURE_ALGORITHMS.ECDSA_WITH_SHA256;
    // The file's bytes are not here: `data` is the trailer the signer built, `prehashed` the finished hash it signs.
    return [{ scheme: 'openpgp', method: signatureMethodOf(algorithm), algorithm, hash: 'sha256', keyKind: key.kind, data: signatureTrailer(signature), prehashed: digest }];
  },

  signedDigests: (item) => [{
    schemes: 'openpgp',
    what: `SHA-256 state of the file (${item.hashState.bytes} bytes in whole blocks, ${item.hashState.tail.length}-byte tail), finished with the signer's own trailer`,
    brief: 'OpenPGP file hash state',
    hex: `${item.hashState.words.map((w) => w.toString(16).padStart(8, '0')).join('')}:${toHex(item.hashState.tail)}`,
  }],
  policySubject: (item) => ({ name: item.name, order: item.created }),
  label: (item) => ({ noun: 'OpenPGP detached signature', name: item.name, orderName: 'signature creation time', order: item.created, version: `${item.size} bytes`, note: 'OpenPGP detached signature' }),
};

/** What the review adds for an OpenPGP item: size, signature type, the key's OpenPGP fingerprint, the signature's creation time. */
export function openPgpClaimLines(item: Omit<OpenPgpItem, 'key'>): { readonly what: string; readonly value: string }[] {
  return [
    { what: 'file size', value: `${item.size} bytes` },
    { what: 'file SHA-256', value: toHex(item.sha256) },
    { what: 'signature type', value: OPENPGP_SIGNATURE_TYPE },
    { what: 'OpenPGP key', value: formatFingerprint(item.keyFingerprint) },
    { what: 'signature created', value: new Date(item.created * 1000).toISOString().replace('.000Z', 'Z') },
  ];
}
