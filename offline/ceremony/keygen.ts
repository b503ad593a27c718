/**
 * The key ceremony: a key pair made inside the token (sensitive, never extractable, on the token),
 * a self-signed certificate the token signs, and that certificate stored beside the key under the
 * same CKA_ID. If any step after generation fails, the new objects are destroyed again, so the
 * token never keeps a half-made key.
 */
import { X509Certificate, randomBytes } from 'node:crypto';
import { sha256 } from '../../protocol/hash.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import { SignerError } from '../errors.ts';
import { CK } from '../pkcs11/cryptoki.ts';
import type { Handle, Mechanism, Template } from '../pkcs11/cryptoki.ts';
import { findObjects } from '../pkcs11/objects.ts';
import type { TokenConnection } from '../pkcs11/token.ts';
import { assembleCertificate, tbsCertificate } from './certificate.ts';
import { unsignedInteger } from './der.ts';
import { encodeName, parseDistinguishedName } from './name.ts';
import { P256_PARAMS, subjectPublicKeyInfo } from './public-key.ts';

export interface KeygenOptions {
  readonly label: string;
  /** CKA_ID; 16 random bytes when absent. */
  readonly id?: Uint8Array;
  readonly keyType: KeyType;
  readonly subject: string;
  readonly validityYears: number;
  readonly now?: Date;
}

export interface KeygenResult {
  readonly label: string;
  readonly id: Uint8Array;
  readonly keyType: KeyType;
  /** DER. */
  readonly certificate: Uint8Array;
  readonly fingerprint: Uint8Array;
}

function generationTemplates(o: KeygenOptions, id: Buffer): { mechanism: Mechanism; publicTemplate: Template; privateTemplate: Template } {
  const common: Template = [
    { type: CK.CKA_TOKEN, value: true },
    { type: CK.CKA_LABEL, value: o.label },
    { type: CK.CKA_ID, value: id },
  ];
  const privateTemplate: Template = [
    ...common,
    { type: CK.CKA_PRIVATE, value: true },
    { type: CK.CKA_SENSITIVE, value: true },
    { type: CK.CKA_EXTRACTABLE, value: false },
    { type: CK.CKA_SIGN, value: true },
    // A signing key does nothing else.
    { type: CK.CKA_DECRYPT, value: false },
    { type: CK.CKA_UNWRAP, value: false },
    { type: CK.CKA_DERIVE, value: false },
  ];
  const publicTemplate: Template = [
    ...common,
    { type: CK.CKA_PRIVATE, value: false },
    { type: CK.CKA_VERIFY, value: true },
    { type: CK.CKA_ENCRYPT, value: false },
    { type: CK.CKA_WRAP, value: false },
  ];
  if (o.keyType.kind === 'rsa') {
    publicTemplate.push({ type: CK.CKA_MODULUS_BITS, value: o.keyType.bits }, { type: CK.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) });
    return { mechanism: { mechanism: CK.CKM_RSA_PKCS_KEY_PAIR_GEN }, publicTemplate, privateTemplate };
  }
  publicTemplate.push({ type: CK.CKA_EC_PARAMS, value: Buffer.from(P256_PARAMS) });
  return { mechanism: { mechanism: CK.CKM_EC_KEY_PAIR_GEN }, publicTemplate, privateTemplate };
}

function refuseExisting(token: TokenConnection, label: string, id: Uint8Array): void {
  for (const cls of ['certificate', 'public', 'private'] as const) {
    if (findObjects(token.session, cls, { object: label }).length > 0) throw new SignerError('KEY_EXISTS', `the token already has an object labelled "${label}"`);
    if (findObjects(token.session, cls, { id }).length > 0) throw new SignerError('KEY_EXISTS', 'the token already has an object with that CKA_ID');
  }
}

function addYears(date: Date, years: number): Date {
  const out = new Date(date);
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}

/** Runs the ceremony on a logged-in read-write connection. */
export function generateSigningKey(token: TokenConnection, o: KeygenOptions): KeygenResult {
  if (!token.isLoggedIn) throw new SignerError('TOKEN_ERROR', 'the key ceremony needs a logged-in session');
  const name = encodeName(parseDistinguishedName(o.subject));
  const id = Buffer.from(o.id ?? randomBytes(16));
  refuseExisting(token, o.label, id);
  const t = generationTemplates(o, id);
  const made: Handle[] = [];
  try {
    const pair = token.session.generateKeyPair(t.mechanism, t.publicTemplate, t.privateTemplate);
    made.push(pair.publicKey, pair.privateKey);
    const { spki, publicKeyBits } = subjectPublicKeyInfo(token.session, pair.publicKey, o.keyType);
    const serial = randomBytes(16);
    serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and never zero
    const notBefore = new Date(Math.floor((o.now ?? new Date()).getTime() / 1000) * 1000);
    const tbs = tbsCertificate({ serial, name, notBefore, notAfter: addYears(notBefore, o.validityYears), spki, publicKeyBits, keyType: o.keyType });
    const certificate = assembleCertificate(tbs, o.keyType, token.signRaw(pair.privateKey, o.keyType, 'sha256', tbs));
    // The token's signature must verify under the key it just made, or the certificate is worthless.
    const x509 = new X509Certificate(certificate);
    if (!x509.verify(x509.publicKey)) throw new SignerError('TOKEN_ERROR', 'the token made a certificate signature that does not verify');
    made.push(
      token.session.createObject([
        { type: CK.CKA_CLASS, value: CK.CKO_CERTIFICATE },
        { type: CK.CKA_CERTIFICATE_TYPE, value: CK.CKC_X_509 },
        { type: CK.CKA_TOKEN, value: true },
        { type: CK.CKA_PRIVATE, value: false },
        { type: CK.CKA_LABEL, value: o.label },
        { type: CK.CKA_ID, value: id },
        { type: CK.CKA_SUBJECT, value: Buffer.from(name) },
        { type: CK.CKA_ISSUER, value: Buffer.from(name) },
        { type: CK.CKA_SERIAL_NUMBER, value: Buffer.from(unsignedInteger(serial)) },
        { type: CK.CKA_VALUE, value: Buffer.from(certificate) },
      ]),
    );
    return { label: o.label, id: new Uint8Array(id), keyType: o.keyType, certificate, fingerprint: sha256(certificate) };
  } catch (error) {
    for (const handle of made) {
      try {
        token.session.destroyObject(handle);
      } catch {
        // Best effort: the original failure is what the operator must see.
      }
    }
    throw error;
  }
}
