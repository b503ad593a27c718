/**
 * The rebuilder's signing key for `airsign attest`: a PEM private key on disk (PKCS#8, or the
 * traditional EC/RSA forms), Ed25519, ECDSA P-256 or RSA. DSSE signatures: Ed25519 raw, ECDSA
 * DER over SHA-256, RSA-PSS over SHA-256 (salt as long as the hash, as securesystemslib signs).
 * The keyid is "sha256:" and the SHA-256 of the public key's SubjectPublicKeyInfo. A key in an SSH
 * agent signs through agent-key.ts.
 */
import { constants, createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { AttestError } from './errors.ts';

export interface DsseSigner {
  readonly keyid: string;
  /** The public key as the signer's policy pins it: base64 of the SPKI DER. */
  readonly publicKey: string;
  sign(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** A key in this process signs at once. */
export interface LocalDsseSigner extends DsseSigner {
  sign(data: Uint8Array): Uint8Array;
}

export function dsseSignerOf(privateKey: KeyObject): LocalDsseSigner {
  const spki = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const keyid = `sha256:${createHash('sha256').update(spki).digest('hex')}`;
  const type = privateKey.asymmetricKeyType;
  let signWith: (data: Uint8Array) => Buffer;
  if (type === 'ed25519') signWith = (d) => sign(null, d, privateKey);
  else if (type === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'prime256v1') signWith = (d) => sign('sha256', d, { key: privateKey, dsaEncoding: 'der' });
  else if (type === 'rsa') signWith = (d) => sign('sha256', d, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
  else throw new AttestError('ATTEST_KEY', `a ${String(type)} key${type === 'ec' ? ` on ${privateKey.asymmetricKeyDetails?.namedCurve ?? '?'}` : ''} cannot attest: use Ed25519, ECDSA P-256 or RSA`);
  return { keyid, publicKey: spki.toString('base64'), sign: (d) => new Uint8Array(signWith(d)) };
}

export async function loadDsseSigner(path: string): Promise<LocalDsseSigner> {
  const pem = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new AttestError('ATTEST_KEY', `cannot read the key ${path}`, { cause });
  });
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (cause) {
    throw new AttestError('ATTEST_KEY', `${path} is not a PEM private key (an encrypted one is not read: decrypt it for the rebuilder)`, { cause });
  }
  return dsseSignerOf(key);
}
