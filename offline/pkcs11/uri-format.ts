/** Writes a PKCS#11 URI (RFC 7512) naming a token and an object; never a PIN. */
import type { Pkcs11Uri } from './uri.ts';

const SAFE = /[A-Za-z0-9\-._~:[\]@!$'()*+,=]/;

function encodeText(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && SAFE.test(ch) ? ch : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  return out;
}

function encodeBytes(value: Uint8Array): string {
  let out = '';
  for (const byte of value) out += `%${byte.toString(16).padStart(2, '0').toUpperCase()}`;
  return out;
}

export function formatPkcs11Uri(uri: Pick<Pkcs11Uri, 'token' | 'manufacturer' | 'serial' | 'model' | 'object' | 'id' | 'type'>): string {
  const parts: string[] = [];
  if (uri.model !== undefined) parts.push(`model=${encodeText(uri.model)}`);
  if (uri.manufacturer !== undefined) parts.push(`manufacturer=${encodeText(uri.manufacturer)}`);
  if (uri.serial !== undefined) parts.push(`serial=${encodeText(uri.serial)}`);
  if (uri.token !== undefined) parts.push(`token=${encodeText(uri.token)}`);
  if (uri.id !== undefined) parts.push(`id=${encodeBytes(uri.id)}`);
  if (uri.object !== undefined) parts.push(`object=${encodeText(uri.object)}`);
  if (uri.type !== undefined) parts.push(`type=${uri.type}`);
  return `pkcs11:${parts.join(';')}`;
}
