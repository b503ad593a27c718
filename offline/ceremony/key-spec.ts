/** The key types the ceremony makes: --type rsa:3072 | rsa:4096 | ec:p256. */
import { SignerError } from '../errors.ts';
import type { KeyType } from '../../protocol/signing/algorithms.ts';

export const KEY_TYPE_NAMES = ['rsa:3072', 'rsa:4096', 'ec:p256'] as const;

export function parseKeyType(text: string): KeyType {
  switch (text) {
    case 'rsa:3072':
      return { kind: 'rsa', bits: 3072 };
    case 'rsa:4096':
      return { kind: 'rsa', bits: 4096 };
    case 'ec:p256':
      return { kind: 'ec', curve: 'p256' };
    default:
      throw new SignerError('USAGE', `--type must be one of ${KEY_TYPE_NAMES.join(', ')}, got "${text.slice(0, 40)}"`);
  }
}

export function keyTypeName(t: KeyType): string {
  return t.kind === 'rsa' ? `rsa:${t.bits}` : 'ec:p256';
}
