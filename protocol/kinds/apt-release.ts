/**
 * An apt repository's Release file, signed twice with the key's OpenPGP form: a text signature
 * (type 0x01) over its canonical text for the cleartext-signed InRelease, and a binary signature
 * (type 0x00) over its bytes for the detached Release.gpg. The file is small and crosses whole
 * (at most MAX_RELEASE_BYTES); the signer parses it, checks the item's words against it (name,
 * suite, Date, SHA-256) and builds both signatures' hashed parts itself: version 4, SHA-256, its
 * own key's algorithm and fingerprint, the item's creation time. The policy names it by `name`,
 * keeps its rollback floor per suite and compares the Date.
 */
import { z } from 'zod';
import { bytesEqual, concatBytes, toHex } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { sha256 } from '../hash.ts';
import { LIMITS } from '../limits.ts';
import { bytes, sha256Bytes, uint } from '../messages/fields.ts';
import { MAX_RELEASE_BYTES, parseRelease, releaseNames, releaseSuite } from '../apt/release.ts';
import type { ReleaseFile } from '../apt/release.ts';
import { isReleaseFileError } from '../apt/errors.ts';
import { binarySignature, canonicalText, openPgpKeyFromSpki, signatureTrailer, textSignature } from '../openpgp/index.ts';
import type { OpenPgpPublicKey, UnsignedSignature } from '../openpgp/index.ts';
import { SIGNATURE_ALGORITHMS, signatureMethodOf } from '../signing/algorithms.ts';
import type { KeyType } from '../signing/algorithms.ts';
import { certificateFields } from '../signing/certificate.ts';
import type { ToBeSigned } from '../signing/to-be-signed.ts';
import { refuse } from './android-rounds.ts';
import type { ArtifactKindModule } from './kind.ts';

/** What an item may call a Release file: its suite or codename, or "<Origin>/" before either. */
export const APT_RELEASE_NAME = /^[A-Za-z0-9][A-Za-z0-9.+_/~-]{0,200}$/;
const SUITE = /^[A-Za-z0-9][A-Za-z0-9.+_/~-]{0,99}$/;

export const APT_RELEASE_SCHEMES = ['openpgp-text', 'openpgp-binary'] as const;

/**
 * The file crosses in pieces of this size (the longest byte string the canonical encoding carries,
 * protocol/encoding limits), every piece full but the last: one file, one way to send it.
 */
export const RELEASE_PIECE_BYTES = LIMITS.maxCertificateBytes;
const MAX_PIECES = Math.ceil(MAX_RELEASE_BYTES / RELEASE_PIECE_BYTES);

/** The Release file in the pieces an item carries it in. */
export function releasePieces(bytes: Uint8Array): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += RELEASE_PIECE_BYTES) pieces.push(bytes.slice(at, at + RELEASE_PIECE_BYTES));
  return pieces;
}

export const AptReleaseItem = z.strictObject({
  /** Index into the request's `keys`. */
  key: uint(LIMITS.maxKeys - 1),
  artifact: z.literal('apt-release'),
  /** The policy's name for it: the file's Suite or Codename, or "<Origin>/<Suite>" (checked against the file). */
  name: z.string().regex(APT_RELEASE_NAME, { message: 'not a Release name (letters, digits, ".+_/~-")' }),
  /** The suite the rollback floor is kept for: the file's Suite, else its Codename (checked). */
  suite: z.string().regex(SUITE, { message: 'not a suite name' }),
  /** The file's Date, seconds since 1970 (checked): it must not go back per suite and key. */
  date: uint(LIMITS.maxVersionCode),
  /** SHA-256 of the Release file (checked). */
  sha256: sha256Bytes,
  /** The whole Release file, in pieces of RELEASE_PIECE_BYTES (the last may be shorter); at most MAX_RELEASE_BYTES. */
  release: z
    .array(bytes(1, RELEASE_PIECE_BYTES))
    .min(1)
    .max(MAX_PIECES)
    .refine((pieces) => pieces.every((p, i) => i === pieces.length - 1 || p.length === RELEASE_PIECE_BYTES), { message: `every piece of the Release file but the last has ${RELEASE_PIECE_BYTES} bytes` }),
  /** The creation time of the key's OpenPGP form (its fingerprint hashes it): the signer checks it is the one it exported. */
  keyCreated: uint(0xffffffff),
  /** The signatures' creation time: the signer checks it is within its policy's window of its own clock. */
  created: uint(0xffffffff),
  /** Both forms, always: InRelease's text signature and Release.gpg's binary signature. */
  schemes: z.tuple([z.literal('openpgp-text'), z.literal('openpgp-binary')]),
});
export type AptReleaseItem = z.infer<typeof AptReleaseItem>;

type Unkeyed = Omit<AptReleaseItem, 'key'>;

/** The Release file's bytes, from the item's pieces. */
export function releaseBytes(item: Pick<Unkeyed, 'release'>): Uint8Array {
  const pieces = item.release;
  if (pieces.length > MAX_PIECES || pieces.some((p, i) => p.length < 1 || p.length > RELEASE_PIECE_BYTES || (i < pieces.length - 1 && p.length !== RELEASE_PIECE_BYTES))) {
    refuse(`a Release file crosses in pieces of ${RELEASE_PIECE_BYTES} bytes, the last shorter, at most ${MAX_PIECES}`, 'release');
  }
  return concatBytes(...pieces);
}

/** The Release file, parsed, and checked against what the item says of it; throws ProtocolError SCHEMA. */
export function checkedRelease(item: Unkeyed): ReleaseFile {
  let release: ReleaseFile;
  const file = releaseBytes(item);
  try {
    release = parseRelease(file);
  } catch (error) {
    if (isReleaseFileError(error)) throw new ProtocolError('SCHEMA', `not a Release file: ${error.code}: ${error.message}`, { fields: ['release'], cause: error });
    throw error;
  }
  if (!bytesEqual(sha256(file), item.sha256)) refuse('sha256 is not the SHA-256 of the Release file', 'sha256');
  if (release.date !== item.date) refuse(`date ${item.date} is not the file's Date (${release.dateText})`, 'date');
  if (releaseSuite(release) !== item.suite) refuse(`suite ${JSON.stringify(item.suite)} is not the file's (${releaseSuite(release)})`, 'suite');
  const names = releaseNames(release);
  if (!names.includes(item.name)) refuse(`name ${JSON.stringify(item.name)} is not one of the file's: ${names.join(', ')}`, 'name');
  return release;
}

/** Both signatures as the signer makes them and the online side rebuilds them: hashed parts, and the key they name. */
export function aptReleaseSignatures(item: Unkeyed, certificateDer: Uint8Array): { key: OpenPgpPublicKey; text: UnsignedSignature; binary: UnsignedSignature } {
  const key = openPgpKeyFromSpki(certificateFields(certificateDer).subjectPublicKeyInfo, item.keyCreated);
  return { key, text: textSignature(key, item.created), binary: binarySignature(key, item.created) };
}

/** The Release file as text (checkedRelease has found it UTF-8). */
export function releaseText(item: Unkeyed): string {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(releaseBytes(item));
}

/** What the signed file itself says, line by line, for the review and the audit log. */
export function releaseAssertionLines(release: ReleaseFile): { readonly what: string; readonly value: string }[] {
  const lines: { what: string; value: string }[] = [];
  const add = (what: string, value: string | undefined) => {
    if (value !== undefined) lines.push({ what, value });
  };
  add('Origin', release.origin);
  add('Label', release.label);
  add('Suite', release.suite);
  add('Codename', release.codename);
  add('Date', release.dateText);
  add('Valid-Until', release.validUntilText);
  add('Architectures', release.architectures.join(' '));
  add('Components', release.components.join(' '));
  add('index files', String(release.indexFiles));
  return lines;
}

export const aptReleaseKind: ArtifactKindModule<AptReleaseItem> = {
  kind: 'apt-release',
  schema: AptReleaseItem,
  noun: 'apt Release file',
  nounPlural: 'apt Release files',
  ecdsaEncoding: 'raw',

  toBeSigned(item, key: KeyType, certificateDer): ToBeSigned[] {
    checkedRelease(item);
    const algorithm = key.kind === 'rsa' ? SIGNATURE_ALGORITHMS.RSA_PKCS1_V1_5_WITH_SHA256 : SIGNATURE_ALGORITHMS.ECDSA_WITH_SHA256;
    const common = { method: signatureMethodOf(algorithm), algorithm, hash: 'sha256' as const, keyKind: key.kind };
    const { text, binary } = aptReleaseSignatures(item, certificateDer);
    return [
      { scheme: 'openpgp-text', ...common, data: concatBytes(canonicalText(releaseText(item)), signatureTrailer(text)) },
      { scheme: 'openpgp-binary', ...common, data: concatBytes(releaseBytes(item), signatureTrailer(binary)) },
    ];
  },

  signedDigests: (item) => [{ schemes: APT_RELEASE_SCHEMES.join('+'), what: 'Release file SHA-256 (the file itself is signed)', brief: 'Release SHA-256', hex: toHex(item.sha256) }],
  policySubject: (item) => ({ name: item.name, order: item.date, floor: item.suite }),
  label: (item) => ({ noun: 'apt Release file', name: item.name, orderName: 'Date', order: item.date, version: item.suite, note: 'apt Release file' }),
};
