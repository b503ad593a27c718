/**
 * The OpenPGP certificate `airsign-signer export-openpgp` wrote (key.asc), as `airsign openpgp
 * sign --key` reads it: its primary key (algorithm, key material, creation time) and fingerprint.
 * It maps to a token key through the X.509 certificate of the key ceremony: the key whose public
 * key, at the certificate's creation time, has that very fingerprint.
 */
import { bytesEqual, toHex } from '../../protocol/bytes.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { ARMOR, PACKET_TAG, dearmor, fingerprint, openPgpKeyFromSpki, readPackets, readPublicKey } from '../../protocol/openpgp/index.ts';
import type { OpenPgpPublicKey } from '../../protocol/openpgp/index.ts';
import { certificateFields } from '../../protocol/signing/index.ts';
import type { PinnedCertificate } from '../store/index.ts';
import { OpenPgpError } from './errors.ts';

export interface OpenPgpKeyFile {
  readonly key: OpenPgpPublicKey;
  readonly fingerprint: Uint8Array;
}

/** Reads an armored (or binary) OpenPGP certificate's primary key. */
export function readOpenPgpKeyFile(bytes: Uint8Array): OpenPgpKeyFile {
  try {
    const text = new TextDecoder().decode(bytes.subarray(0, 64));
    const data = text.includes('-----BEGIN') ? dearmor(new TextDecoder().decode(bytes), ARMOR.publicKey) : bytes;
    const primary = readPackets(data).find((p) => p.tag === PACKET_TAG.publicKey);
    if (primary === undefined) throw new OpenPgpError('BAD_KEY_FILE', 'the key file holds no public key packet; give the file "airsign-signer export-openpgp" wrote');
    const key = readPublicKey(primary.body);
    return { key, fingerprint: fingerprint(key) };
  } catch (error) {
    if (isProtocolError(error)) throw new OpenPgpError('BAD_KEY_FILE', `the key file is not an OpenPGP certificate airsign reads: ${error.message}`, { cause: error });
    throw error;
  }
}

/** Whether the certificate's key, at the OpenPGP key's creation time, is that OpenPGP key. */
export function certificateHasKey(pin: PinnedCertificate, keyFile: OpenPgpKeyFile): boolean {
  try {
    const key = openPgpKeyFromSpki(certificateFields(pin.der).subjectPublicKeyInfo, keyFile.key.created);
    return bytesEqual(fingerprint(key), keyFile.fingerprint);
  } catch {
    return false;
  }
}

/** The one certificate among `pins` that holds the key file's key, with the creation time recorded on it. */
export function pinForKeyFile(pins: readonly PinnedCertificate[], keyFile: OpenPgpKeyFile): PinnedCertificate {
  const pin = pins.find((p) => certificateHasKey(p, keyFile));
  const fp = toHex(keyFile.fingerprint).toUpperCase();
  if (pin === undefined) {
    throw new OpenPgpError('KEY_NOT_MATCHED', `no certificate given or pinned in the session holds OpenPGP key ${fp}; give the key's X.509 certificate (airsign-signer export-cert) with --cert`);
  }
  if (pin.openpgpCreated !== undefined && pin.openpgpCreated !== keyFile.key.created) {
    throw new OpenPgpError('KEY_CHANGED', `certificate ${pin.label} was pinned with OpenPGP creation time ${pin.openpgpCreated}, the key file says ${keyFile.key.created}: the signer keeps one per key, so this key file is not its export`);
  }
  return { ...pin, openpgpCreated: keyFile.key.created };
}
