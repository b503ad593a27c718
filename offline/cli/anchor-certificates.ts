/**
 * Certificates to check a keyed audit anchor with: the files given with --cert, else the token's
 * certificates (the token is opened only if a keyed anchor needs checking, without logging in).
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { OptionValues } from '../../protocol/cli/index.ts';
import { sha256Hex } from '../digest.ts';
import { SignerError } from '../errors.ts';
import { TokenConnection } from '../pkcs11/token.ts';
import { modulePathFrom, uriFrom } from './token-options.ts';

export interface CertificateSource {
  readonly find: (fingerprint: string) => Uint8Array | undefined;
  close(): void;
}

function readCertificate(path: string): Uint8Array {
  try {
    return new Uint8Array(new X509Certificate(readFileSync(path)).raw);
  } catch (cause) {
    throw new SignerError('IO', `${path} is not a certificate (PEM or DER)`, { cause });
  }
}

export function anchorCertificates(options: OptionValues): CertificateSource {
  const given = options.cert;
  const files = Array.isArray(given) ? given : typeof given === 'string' ? [given] : [];
  if (files.length > 0) {
    const byPrint = new Map(files.map((f) => readCertificate(f)).map((der) => [sha256Hex(der), der]));
    return { find: (fp) => byPrint.get(fp), close: () => {} };
  }
  let token: TokenConnection | undefined;
  let opened = false;
  return {
    find(fp) {
      if (!opened) {
        opened = true;
        try {
          const uri = uriFrom(options);
          token = TokenConnection.open({ modulePath: modulePathFrom(options, uri), uri: { ...uri, object: undefined, id: undefined } });
        } catch {
          token = undefined;
        }
      }
      const key = token?.keys().find((k) => k.fingerprint !== undefined && sha256Hex(k.certificate!) === fp);
      return key?.certificate;
    },
    close() {
      token?.close();
    },
  };
}
