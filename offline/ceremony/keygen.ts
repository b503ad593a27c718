/**
 * The key ceremony: a key pair made inside the token (sensitive, never extractable, on the token),
 * a self-signed certificate the token signs, and that certificate stored beside the key under the
 * same CKA_ID. If any step after generation fails, the new objects are destroyed again, so the
 * token never keeps a half-made key.
 */
import { X509Certificate, randomBytes } from 'node:crypto';
import { sha256 } from '../../protocol/hash.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';
import { SignerError, isSignerError } from '../errors.ts';
import { keyTypeVerdict } from '../pkcs11/capabilities.ts';
import { CK, ckrName } from '../pkcs11/cryptoki.ts';
import type { Handle, Mechanism, Template } from '../pkcs11/cryptoki.ts';
import { findObjects, keyAttributes, keyUsages, protectionProblems } from '../pkcs11/objects.ts';
import type { KeyAttributes } from '../pkcs11/objects.ts';
import type { TokenConnection } from '../pkcs11/token.ts';
import { assembleCertificate, tbsCertificate } from './certificate.ts';
import { derUnsignedInteger } from '../../protocol/signing/index.ts';
import { keyTypeName } from './key-spec.ts';
import { encodeName, parseDistinguishedName } from './name.ts';
import { P256_PARAMS, subjectPublicKeyInfo } from './public-key.ts';
import { crashPoint } from '../signing/crash-point.ts';

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
  /** What the private key may be used for, as the token reports it ("sign", "decrypt", ...). */
  readonly usages: readonly string[];
  /** Usages the key does not need that the token would not clear, with its reason ("CKA_DECRYPT (CKR_ATTRIBUTE_READ_ONLY)"). */
  readonly keptUsages: readonly string[];
}

interface Templates {
  readonly mechanism: Mechanism;
  readonly publicTemplate: Template;
  readonly privateTemplate: Template;
}

/**
 * The attributes a signing key must have. What else it may do (decrypt, unwrap, derive, sign with
 * recovery) is not put in the generation template: tpm2-pkcs11 answers CKA_DECRYPT=false there
 * with CKR_GENERAL_ERROR ("User specified and TPM specified attr mismatch"), and over a TPM with no
 * resource manager the refused attempt also keeps a TPM object slot taken, so that a second
 * attempt fails for want of memory. Those usages are cleared after generation instead
 * (clearOtherUsages), where a token may refuse without cost; what the key really got is read back.
 */
function generationTemplates(o: KeygenOptions, id: Buffer): Templates {
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
  ];
  const publicTemplate: Template = [...common, { type: CK.CKA_PRIVATE, value: false }, { type: CK.CKA_VERIFY, value: true }];
  if (o.keyType.kind === 'rsa') {
    publicTemplate.push({ type: CK.CKA_MODULUS_BITS, value: o.keyType.bits }, { type: CK.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) });
    return { mechanism: { mechanism: CK.CKM_RSA_PKCS_KEY_PAIR_GEN }, publicTemplate, privateTemplate };
  }
  publicTemplate.push({ type: CK.CKA_EC_PARAMS, value: Buffer.from(P256_PARAMS) });
  return { mechanism: { mechanism: CK.CKM_EC_KEY_PAIR_GEN }, publicTemplate, privateTemplate };
}

/** Usages a signing key does not need, cleared after generation where the token allows it. */
const OTHER_PRIVATE_USAGES: readonly [number, string][] = [
  [CK.CKA_DECRYPT, 'CKA_DECRYPT'],
  [CK.CKA_UNWRAP, 'CKA_UNWRAP'],
  [CK.CKA_DERIVE, 'CKA_DERIVE'],
  [CK.CKA_SIGN_RECOVER, 'CKA_SIGN_RECOVER'],
];
const OTHER_PUBLIC_USAGES: readonly [number, string][] = [
  [CK.CKA_ENCRYPT, 'CKA_ENCRYPT'],
  [CK.CKA_WRAP, 'CKA_WRAP'],
];

/**
 * Asks the token to set each usage the key does not need to false, one at a time; returns those
 * the token would not clear (its own word for why), which the operator is shown.
 */
function clearOtherUsages(token: TokenConnection, privateKey: Handle, publicKey: Handle): string[] {
  const kept: string[] = [];
  const clear = (handle: Handle, usages: readonly [number, string][]) => {
    for (const [type, name] of usages) {
      let value: Buffer | undefined;
      try {
        value = token.session.attributes(handle, [type]).get(type);
      } catch {
        continue; // an attribute the token does not know is not a usage it grants
      }
      if (value === undefined || value.length === 0 || value[0] === 0) continue;
      try {
        token.session.setAttributes(handle, [{ type, value: false }]);
      } catch (error) {
        kept.push(`${name} (${isSignerError(error) && error.ckr !== undefined ? ckrName(error.ckr) : 'refused'})`);
      }
    }
  };
  clear(privateKey, OTHER_PRIVATE_USAGES);
  clear(publicKey, OTHER_PUBLIC_USAGES);
  return kept;
}

/** Refuses a key type the token cannot make or cannot sign with, before anything is generated. */
export function assertTokenCanMake(token: TokenConnection, keyType: KeyType): void {
  const verdict = keyTypeVerdict(token.capabilities(), keyType);
  if (!verdict.usable) throw new SignerError('MECHANISM_UNSUPPORTED', `cannot make a ${keyTypeName(keyType)} signing key on token "${token.info.label}": ${verdict.problem}`);
}

/**
 * Reads the made private key back and refuses it unless it is held as the ceremony asked: a token
 * that ignored CKA_SENSITIVE or CKA_EXTRACTABLE must not end up holding a release key.
 */
function assertHeldSafely(token: TokenConnection, privateKey: Handle): KeyAttributes {
  const attributes = keyAttributes(token.session, privateKey);
  const problems = protectionProblems(attributes);
  if (problems.length > 0) {
    throw new SignerError('KEY_INSECURE', `token "${token.info.label}" made a private key that is not held safely: ${problems.join(', ')}; the key was destroyed`);
  }
  return attributes;
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
  assertTokenCanMake(token, o.keyType);
  refuseExisting(token, o.label, id);
  const made: Handle[] = [];
  try {
    const t = generationTemplates(o, id);
    const pair = token.session.generateKeyPair(t.mechanism, t.publicTemplate, t.privateTemplate);
    made.push(pair.publicKey, pair.privateKey);
    // Test-only: a kill here leaves a key pair without its certificate (the signer's rerun must clean it up).
    crashPoint('key-pair-made');
    const keptUsages = clearOtherUsages(token, pair.privateKey, pair.publicKey);
    const attributes = assertHeldSafely(token, pair.privateKey);
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
        { type: CK.CKA_SERIAL_NUMBER, value: Buffer.from(derUnsignedInteger(serial)) },
        { type: CK.CKA_VALUE, value: Buffer.from(certificate) },
      ]),
    );
    return {
      label: o.label,
      id: new Uint8Array(id),
      keyType: o.keyType,
      certificate,
      fingerprint: sha256(certificate),
      usages: keyUsages(attributes),
      keptUsages,
    };
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
