/** Keys made once per test file on a fresh SoftHSM2 token through the ceremony code. */
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toPem } from '../../../offline/ceremony/certificate.ts';
import { generateSigningKey } from '../../../offline/ceremony/keygen.ts';
import { TokenConnection } from '../../../offline/pkcs11/token.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import type { KeyType } from '../../../protocol/signing/index.ts';
import type { SoftHsm } from './softhsm.ts';
import { USER_PIN } from './softhsm.ts';

export interface MadeKey {
  readonly label: string;
  readonly keyType: KeyType;
  readonly certificate: Uint8Array;
  readonly fingerprint: Uint8Array;
  readonly x509: X509Certificate;
  readonly pemPath: string;
}

export function makeKeys(hsm: SoftHsm, token: string, specs: readonly { label: string; keyType: KeyType }[]): MadeKey[] {
  const t = TokenConnection.open({ uri: parsePkcs11Uri(`pkcs11:token=${encodeURIComponent(token)}`), readWrite: true });
  try {
    t.login(Buffer.from(USER_PIN));
    return specs.map(({ label, keyType }) => {
      const made = generateSigningKey(t, { label, keyType, subject: `CN=${label}, O=airsign tests`, validityYears: 2 });
      const pemPath = join(hsm.dir, `${label}.pem`);
      writeFileSync(pemPath, toPem(made.certificate));
      return { label, keyType, certificate: made.certificate, fingerprint: made.fingerprint, x509: new X509Certificate(made.certificate), pemPath };
    });
  } finally {
    t.close();
  }
}
