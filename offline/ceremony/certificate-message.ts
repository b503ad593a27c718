/** A key's certificate as the message the online side pins: what `export-cert` writes and the signer page shows. */
import { CertificateExport } from '../../protocol/messages/index.ts';
import { PROTOCOL_VERSION } from '../../protocol/version.ts';
import type { TokenKey } from '../pkcs11/keys.ts';
import type { TokenConnection } from '../pkcs11/token.ts';
import { formatPkcs11Uri } from '../pkcs11/uri-format.ts';

export function certificateMessage(token: TokenConnection, key: TokenKey, now = new Date()): CertificateExport {
  return CertificateExport.parse({
    v: PROTOCOL_VERSION,
    kind: 'certificate',
    certificate: key.certificate,
    label: key.label,
    keyUri: formatPkcs11Uri({ token: token.info.label, serial: token.info.serial, object: key.label, id: key.id }),
    exportedAt: Math.floor(now.getTime() / 1000),
  });
}
