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
