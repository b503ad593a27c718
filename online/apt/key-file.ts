/**
 * The key an apt Release file is signed with, as the operator has it: the key.asc that
 * `airsign-signer export-openpgp` wrote (its primary key: algorithm, key material, creation time)
 * and the X.509 certificate of the same key in the token, which requests name keys by. The two
 * must be the same key: the certificate's public key, given key.asc's creation time, must have
 * key.asc's fingerprint.
 */
import { readFile } from 'node:fs/promises';
import { toHex } from '../../protocol/bytes.ts';
import { ARMOR, certificatePrimaryKey, dearmor, fingerprint, openPgpKeyFromSpki } from '../../protocol/openpgp/index.ts';
import type { OpenPgpPublicKey } from '../../protocol/openpgp/index.ts';
import { certificateFields } from '../../protocol/signing/certificate.ts';
import type { PinnedCertificate } from '../store/index.ts';
import { AptError } from './errors.ts';

export interface OpenPgpKeyFile {
  readonly key: OpenPgpPublicKey;
  /** The v4 fingerprint, upper-case hex as gpg prints it. */
  readonly fingerprint: string;
}

export async function readKeyFile(path: string): Promise<OpenPgpKeyFile> {
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new AptError('KEY_UNREADABLE', `cannot read the key ${path}`, { cause });
  });
  let key: OpenPgpPublicKey;
  try {
    const data = text.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----') ? dearmor(text, ARMOR.publicKey) : new Uint8Array(Buffer.from(text, 'latin1'));
    key = certificatePrimaryKey(data);
  } catch (cause) {
    throw new AptError('KEY_UNREADABLE', `${path} is not an OpenPGP certificate airsign can read (${(cause as Error).message}); give the key.asc "airsign-signer export-openpgp" wrote`, { cause });
  }
  return { key, fingerprint: toHex(fingerprint(key)).toUpperCase() };
}

/** Whether the certificate holds the same key as key.asc (same fingerprint at key.asc's creation time). */
export function pinMatches(pin: PinnedCertificate, file: OpenPgpKeyFile): boolean {
  try {
    const spki = certificateFields(pin.der).subjectPublicKeyInfo;
    return toHex(fingerprint(openPgpKeyFromSpki(spki, file.key.created))).toUpperCase() === file.fingerprint;
  } catch {
    return false;
  }
}
