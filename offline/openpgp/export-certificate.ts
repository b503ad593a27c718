/**
 * The OpenPGP certificate of a key in the token: its public key (from the key's X.509 certificate),
 * one user ID and a self-signature the token makes (RSA PKCS#1 v1.5 over SHA-256; ECDSA's raw r,s
 * as two MPIs). The signer builds every byte that is signed.
 */
import { sha256 } from '../../protocol/hash.ts';
import { ARMOR, armor, certificatePackets, fingerprint, openPgpKeyFromSpki, selfSignatureInput, signaturePacket } from '../../protocol/openpgp/index.ts';
import type { OpenPgpPublicKey } from '../../protocol/openpgp/index.ts';
import { certificateFields } from '../../protocol/signing/certificate.ts';
import { SignerError } from '../errors.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { TokenConnection } from '../pkcs11/token.ts';

export interface ExportedCertificate {
  readonly key: OpenPgpPublicKey;
  readonly fingerprint: Uint8Array;
  readonly armored: string;
  /** SHA-256 of the bytes the token signed, and of the signature it returned: for the audit record. */
  readonly signed: Uint8Array;
  readonly signature: Uint8Array;
}

/** The key's OpenPGP public key at `created`. */
export function openPgpKeyOf(key: TokenKey, created: number): OpenPgpPublicKey {
  if (key.certificate === undefined) throw new SignerError('KEY_NOT_FOUND', `key "${key.label}" has no certificate on the token to read its public key from`);
  return openPgpKeyFromSpki(certificateFields(key.certificate).subjectPublicKeyInfo, created);
}

export function exportOpenPgpCertificate(token: TokenConnection, key: TokenKey, userId: string, created: number): ExportedCertificate {
  if (key.privateKey === undefined || key.keyType === undefined) throw new SignerError('KEY_NOT_FOUND', `key "${key.label}" has no private key this signer can use on the token`);
  const publicKey = openPgpKeyOf(key, created);
  const input = selfSignatureInput(publicKey, userId, created);
  const digest = sha256(input.data);
  const raw = token.signRaw(key.privateKey, key.keyType, 'sha256', input.data, digest);
  const packets = certificatePackets(publicKey, userId, signaturePacket(input.signature, digest, raw));
  return { key: publicKey, fingerprint: fingerprint(publicKey), armored: armor(ARMOR.publicKey, packets), signed: digest, signature: sha256(raw) };
}
