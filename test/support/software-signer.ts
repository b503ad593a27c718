/**
 * A Signer backed by private keys held in this process (node:crypto): for tests and benchmarks
 * only, so it lives here and not in online/. Production keys live in the HSM on the offline side.
 */
import { sign as cryptoSign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { bytesEqual, toHex } from '../../protocol/bytes.ts';
import { CodedError } from '../../protocol/coded-error.ts';
import { certificateSha256 } from '../../protocol/signing/index.ts';
import type { Signer, ToBeSigned } from '../../protocol/signing/index.ts';

/** The software signer's refusal; a CodedError like every error of airsign (callers switch on `code`). */
export class SoftwareSignerError extends CodedError<'UNKNOWN_KEY'> {
  override readonly name = 'SoftwareSignerError';
}

export interface SoftwareKey {
  readonly privateKey: KeyObject;
  readonly certificateDer: Uint8Array;
}

export class SoftwareSigner implements Signer {
  private readonly keys: { fingerprint: Uint8Array; key: SoftwareKey }[];

  constructor(keys: readonly SoftwareKey[]) {
    this.keys = keys.map((key) => ({ fingerprint: certificateSha256(key.certificateDer), key }));
  }

  async sign(keyFingerprint: Uint8Array, items: readonly ToBeSigned[]): Promise<Uint8Array[]> {
    const found = this.keys.find((k) => bytesEqual(k.fingerprint, keyFingerprint));
    if (found === undefined) throw new SoftwareSignerError('UNKNOWN_KEY', `no software key with certificate SHA-256 ${toHex(keyFingerprint)}`);
    // node:crypto writes ECDSA signatures in DER, as APKs carry them.
    return items.map((item) => new Uint8Array(cryptoSign(item.hash, item.data, found.key.privateKey)));
  }
}
