/** Objects on a token as Cryptoki describes them: class, label, id, and the few attributes we read. */
import { CK } from './cryptoki.ts';
import type { Handle, Template } from './cryptoki.ts';
import type { Session } from './session.ts';
import type { Pkcs11Uri } from './uri.ts';

export type ObjectClass = 'certificate' | 'public' | 'private';

export interface Pkcs11Object {
  readonly handle: Handle;
  readonly class: ObjectClass;
  readonly label: string;
  readonly id: Uint8Array;
}

const CLASS_OF: Record<ObjectClass, number> = {
  certificate: CK.CKO_CERTIFICATE,
  public: CK.CKO_PUBLIC_KEY,
  private: CK.CKO_PRIVATE_KEY,
};

/** The search template a URI's object part gives (label, id), for one object class. */
export function objectTemplate(cls: ObjectClass, uri: Pkcs11Uri = {}): Template {
  const template: Template = [{ type: CK.CKA_CLASS, value: CLASS_OF[cls] }];
  if (cls === 'certificate') template.push({ type: CK.CKA_CERTIFICATE_TYPE, value: CK.CKC_X_509 });
  if (uri.object !== undefined) template.push({ type: CK.CKA_LABEL, value: uri.object });
  if (uri.id !== undefined) template.push({ type: CK.CKA_ID, value: Buffer.from(uri.id) });
  return template;
}

export function findObjects(session: Session, cls: ObjectClass, uri: Pkcs11Uri = {}): Pkcs11Object[] {
  return session.find(objectTemplate(cls, uri)).map((handle) => {
    const attrs = session.attributes(handle, [CK.CKA_LABEL, CK.CKA_ID]);
    return {
      handle,
      class: cls,
      label: (attrs.get(CK.CKA_LABEL) ?? Buffer.alloc(0)).toString('utf8'),
      id: new Uint8Array(attrs.get(CK.CKA_ID) ?? Buffer.alloc(0)),
    };
  });
}

/** The DER of a certificate object (CKA_VALUE). */
export function certificateValue(session: Session, handle: Handle): Uint8Array {
  return new Uint8Array(session.attributes(handle, [CK.CKA_VALUE]).get(CK.CKA_VALUE) ?? Buffer.alloc(0));
}

/** What a private key really is, read back from the token: its protection and what it may be used for. */
export interface KeyAttributes {
  readonly sensitive: boolean | undefined;
  readonly extractable: boolean | undefined;
  readonly alwaysSensitive: boolean | undefined;
  readonly neverExtractable: boolean | undefined;
  readonly token: boolean | undefined;
  readonly private: boolean | undefined;
  readonly sign: boolean | undefined;
  readonly signRecover: boolean | undefined;
  readonly decrypt: boolean | undefined;
  readonly unwrap: boolean | undefined;
  readonly derive: boolean | undefined;
}

const KEY_ATTRIBUTES = {
  sensitive: CK.CKA_SENSITIVE,
  extractable: CK.CKA_EXTRACTABLE,
  alwaysSensitive: CK.CKA_ALWAYS_SENSITIVE,
  neverExtractable: CK.CKA_NEVER_EXTRACTABLE,
  token: CK.CKA_TOKEN,
  private: CK.CKA_PRIVATE,
  sign: CK.CKA_SIGN,
  signRecover: CK.CKA_SIGN_RECOVER,
  decrypt: CK.CKA_DECRYPT,
  unwrap: CK.CKA_UNWRAP,
  derive: CK.CKA_DERIVE,
} as const;

/**
 * Reads a private key's boolean attributes one by one: a token that does not know one of them
 * (CKR_ATTRIBUTE_TYPE_INVALID) leaves it undefined instead of failing the others.
 */
export function keyAttributes(session: Session, handle: Handle): KeyAttributes {
  const out: Record<string, boolean | undefined> = {};
  for (const [name, type] of Object.entries(KEY_ATTRIBUTES)) {
    try {
      const value = session.attributes(handle, [type]).get(type);
      out[name] = value === undefined || value.length === 0 ? undefined : value[0] !== 0;
    } catch {
      out[name] = undefined;
    }
  }
  return out as unknown as KeyAttributes;
}

/** The usages a key really has, in words ("sign, decrypt"). */
export function keyUsages(a: KeyAttributes): string[] {
  const usages: string[] = [];
  if (a.sign === true) usages.push('sign');
  if (a.signRecover === true) usages.push('sign-recover');
  if (a.decrypt === true) usages.push('decrypt');
  if (a.unwrap === true) usages.push('unwrap');
  if (a.derive === true) usages.push('derive');
  return usages;
}

/**
 * What is wrong with a signing key's protection, in the token's own terms ("CKA_SENSITIVE is
 * false"); empty when it is held as the ceremony requires: sensitive, always sensitive, not
 * extractable, never extractable, able to sign, a token object.
 */
export function protectionProblems(a: KeyAttributes): string[] {
  const problems: string[] = [];
  const want = (value: boolean | undefined, expected: boolean, name: string) => {
    if (value !== expected) problems.push(`${name} is ${value === undefined ? 'unreadable' : String(value)}`);
  };
  want(a.sensitive, true, 'CKA_SENSITIVE');
  want(a.alwaysSensitive, true, 'CKA_ALWAYS_SENSITIVE');
  want(a.extractable, false, 'CKA_EXTRACTABLE');
  want(a.neverExtractable, true, 'CKA_NEVER_EXTRACTABLE');
  want(a.sign, true, 'CKA_SIGN');
  want(a.token, true, 'CKA_TOKEN');
  return problems;
}

/** Whether a private key is held safely: sensitive and never extractable (as the ceremony makes them). */
export function privateKeyProtection(session: Session, handle: Handle): { sensitive: boolean; extractable: boolean; alwaysSensitive: boolean; neverExtractable: boolean } {
  const a = session.attributes(handle, [CK.CKA_SENSITIVE, CK.CKA_EXTRACTABLE, CK.CKA_ALWAYS_SENSITIVE, CK.CKA_NEVER_EXTRACTABLE]);
  const bool = (t: number) => (a.get(t)?.[0] ?? 0) !== 0;
  return {
    sensitive: bool(CK.CKA_SENSITIVE),
    extractable: bool(CK.CKA_EXTRACTABLE),
    alwaysSensitive: bool(CK.CKA_ALWAYS_SENSITIVE),
    neverExtractable: bool(CK.CKA_NEVER_EXTRACTABLE),
  };
}
