/**
 * One DSSE signature checked against one rebuilder key with node:crypto, over PAE(type, payload):
 * Ed25519 (raw), ECDSA P-256 with SHA-256 (DER, or raw r||s as some signers write it), RSA with
 * SHA-256 (PSS, any salt length, as securesystemslib signs; or PKCS#1 v1.5).
 */
import { constants, verify } from 'node:crypto';
import { pae } from '../../protocol/attest/index.ts';
import type { RebuilderKey } from './rebuilder-keys.ts';

function verifyQuietly(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

export function dsseSignatureValid(key: RebuilderKey, payloadType: string, payload: Uint8Array, sig: Uint8Array): boolean {
  const data = pae(payloadType, payload);
  try {
    switch (key.type) {
      case 'ed25519':
        return verify(null, data, key.key, sig);
      case 'ec':
        if (sig[0] === 0x30 && verifyQuietly(() => verify('sha256', data, { key: key.key, dsaEncoding: 'der' }, sig))) return true;
        return sig.length === 64 && verify('sha256', data, { key: key.key, dsaEncoding: 'ieee-p1363' }, sig);
      case 'rsa':
        return (
          verify('sha256', data, { key: key.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig) ||
          verify('sha256', data, { key: key.key, padding: constants.RSA_PKCS1_PADDING }, sig)
        );
    }
  } catch {
    // A signature of the wrong shape for the key (node:crypto throws on some): it does not verify.
    return false;
  }
}
