/**
 * The signing keys on a token: each a certificate and the private key with the same CKA_ID (or,
 * without an id, the same label). Keys are named across the link by their certificate's SHA-256
 * fingerprint; the operator and the policy may also name them by label.
 */
import { X509Certificate } from 'node:crypto';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import { sha256Bytes } from '../digest.ts';
import type { Handle } from './cryptoki.ts';
import { certificateValue, findObjects } from './objects.ts';
import type { Pkcs11Object } from './objects.ts';
import type { Session } from './session.ts';
import type { Pkcs11Uri } from './uri.ts';

export interface TokenKey {
  readonly label: string;
  readonly id: Uint8Array;
  /** X.509 certificate, DER; absent for a key pair whose ceremony never stored one. */
  readonly certificate: Uint8Array | undefined;
  /** SHA-256 of the certificate DER. */
  readonly fingerprint: Uint8Array | undefined;
  /** The key's type, read from the certificate; undefined for a type this signer does not use. */
  readonly keyType: KeyType | undefined;
  /** Handle of the private key; undefined when not logged in or not on the token. */
  readonly privateKey: Handle | undefined;
}

/** Certificates read before, by content: a batch lists the token's keys more than once. */
const typeCache = new Map<string, KeyType | undefined>();

/** RSA n bits, or EC P-256; anything else is not a key this signer uses. */
export function keyTypeOfCertificate(der: Uint8Array): KeyType | undefined {
  const id = Buffer.from(der).toString('base64');
  if (typeCache.has(id)) return typeCache.get(id);
  const type = readKeyType(der);
  if (typeCache.size > 1000) typeCache.clear();
  typeCache.set(id, type);
  return type;
}

function readKeyType(der: Uint8Array): KeyType | undefined {
  let details;
  try {
    details = new X509Certificate(der).publicKey.asymmetricKeyDetails;
  } catch {
    return undefined;
  }
  if (details?.modulusLength !== undefined && details.namedCurve === undefined) return { kind: 'rsa', bits: details.modulusLength };
  if (details?.namedCurve === 'prime256v1') return { kind: 'ec', curve: 'p256' };
  return undefined;
}

function sameObject(a: Pkcs11Object, b: Pkcs11Object): boolean {
  return a.id.length > 0 || b.id.length > 0 ? Buffer.from(a.id).equals(Buffer.from(b.id)) : a.label === b.label;
}

/** Every key on the token the URI's object part selects, certificates first. */
export function listTokenKeys(session: Session, uri: Pkcs11Uri = {}): TokenKey[] {
  // The URI's label and id select the key; its `type` does not, since a key needs both halves here.
  const certificates = findObjects(session, 'certificate', uri);
  const privateKeys = findObjects(session, 'private', uri);
  const keys: TokenKey[] = [];
  const claimed = new Set<Pkcs11Object>();
  for (const cert of certificates) {
    const der = certificateValue(session, cert.handle);
    const priv = privateKeys.find((p) => !claimed.has(p) && sameObject(p, cert));
    if (priv !== undefined) claimed.add(priv);
    keys.push({
      label: cert.label || priv?.label || '',
      id: cert.id,
      certificate: der,
      fingerprint: sha256Bytes(der),
      keyType: keyTypeOfCertificate(der),
      privateKey: priv?.handle,
    });
  }
  for (const priv of privateKeys) {
    if (claimed.has(priv)) continue;
    keys.push({ label: priv.label, id: priv.id, certificate: undefined, fingerprint: undefined, keyType: undefined, privateKey: priv.handle });
  }
  return keys;
}
