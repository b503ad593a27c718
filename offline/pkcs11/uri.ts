/**
 * PKCS#11 URIs (RFC 7512): which token and which object. Parsed strictly: unknown standard
 * attributes, duplicates and malformed percent-encoding are refused, never guessed at. A URI that
 * came over the link may not carry a PIN or name a module (it must never pick the library we load,
 * nor the PIN); an operator's URI may name a PIN file (pin-source) but never the PIN itself.
 */
import { SignerError } from '../errors.ts';

export const OBJECT_TYPES = ['public', 'private', 'cert', 'secret-key', 'data'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export interface Pkcs11Uri {
  readonly token?: string;
  readonly manufacturer?: string;
  readonly serial?: string;
  readonly model?: string;
  readonly libraryManufacturer?: string;
  readonly libraryDescription?: string;
  readonly libraryVersion?: string;
  readonly slotDescription?: string;
  readonly slotManufacturer?: string;
  readonly slotId?: number;
  /** CKA_LABEL of the object. */
  readonly object?: string;
  /** CKA_ID of the object, raw bytes. */
  readonly id?: Uint8Array;
  readonly type?: ObjectType;
  /** Query part (operator URIs only). */
  readonly pinSource?: string;
  readonly moduleName?: string;
  readonly modulePath?: string;
}

export type UriOrigin = 'operator' | 'link';

export const MAX_URI_LENGTH = 2048;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const TEXT_PATH_ATTRIBUTES = {
  token: 'token',
  manufacturer: 'manufacturer',
  serial: 'serial',
  model: 'model',
  'library-manufacturer': 'libraryManufacturer',
  'library-description': 'libraryDescription',
  'library-version': 'libraryVersion',
  'slot-description': 'slotDescription',
  'slot-manufacturer': 'slotManufacturer',
  object: 'object',
} as const;

/** Characters allowed unencoded in values (RFC 7512 pk11-*-res-avail plus unreserved). */
const PATH_VALUE = /^(?:[A-Za-z0-9\-._~:[\]@!$'()*+,=&]|%[0-9A-Fa-f]{2})*$/;
const QUERY_VALUE = /^(?:[A-Za-z0-9\-._~:[\]@!$'()*+,=/?|]|%[0-9A-Fa-f]{2})*$/;

function bad(message: string): SignerError {
  return new SignerError('BAD_URI', message);
}

function percentDecode(value: string, name: string, pattern: RegExp): Uint8Array {
  if (!pattern.test(value)) throw bad(`PKCS#11 URI attribute "${name}" has a character that must be percent-encoded`);
  const out: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '%') {
      out.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      out.push(value.charCodeAt(i));
    }
  }
  return Uint8Array.from(out);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(value: string, name: string, pattern: RegExp): string {
  try {
    return strictUtf8.decode(percentDecode(value, name, pattern));
  } catch (cause) {
    if (cause instanceof SignerError) throw cause;
    throw bad(`PKCS#11 URI attribute "${name}" is not valid UTF-8`);
  }
}

function splitAttribute(part: string): [string, string] {
  const eq = part.indexOf('=');
  if (eq <= 0) throw bad(`PKCS#11 URI attribute "${part.slice(0, 40)}" has no name=value form`);
  return [part.slice(0, eq), part.slice(eq + 1)];
}

export function parsePkcs11Uri(text: string, origin: UriOrigin = 'operator'): Pkcs11Uri {
  if (text.length > MAX_URI_LENGTH) throw bad(`PKCS#11 URI longer than ${MAX_URI_LENGTH} characters`);
  if (!/^pkcs11:/i.test(text)) throw bad('a PKCS#11 URI starts with "pkcs11:"');
  const body = text.slice('pkcs11:'.length);
  const q = body.indexOf('?');
  const path = q === -1 ? body : body.slice(0, q);
  const query = q === -1 ? '' : body.slice(q + 1);
  const uri: Mutable<Pkcs11Uri> = {};
  const seen = new Set<string>();

  for (const part of path === '' ? [] : path.split(';')) {
    const [name, value] = splitAttribute(part);
    if (seen.has(name)) throw bad(`PKCS#11 URI attribute "${name}" appears twice`);
    seen.add(name);
    if (name in TEXT_PATH_ATTRIBUTES) {
      uri[TEXT_PATH_ATTRIBUTES[name as keyof typeof TEXT_PATH_ATTRIBUTES]] = decodeText(value, name, PATH_VALUE);
    } else if (name === 'id') {
      uri.id = percentDecode(value, name, PATH_VALUE);
    } else if (name === 'type') {
      const type = decodeText(value, name, PATH_VALUE);
      if (!(OBJECT_TYPES as readonly string[]).includes(type)) throw bad(`PKCS#11 URI type "${type.slice(0, 20)}" is not one of ${OBJECT_TYPES.join(', ')}`);
      uri.type = type as ObjectType;
    } else if (name === 'slot-id') {
      const id = decodeText(value, name, PATH_VALUE);
      if (!/^\d{1,20}$/.test(id) || !Number.isSafeInteger(Number(id))) throw bad('PKCS#11 URI slot-id is not a decimal number');
      uri.slotId = Number(id);
    } else if (!name.startsWith('x-')) {
      throw bad(`PKCS#11 URI attribute "${name.slice(0, 40)}" is not known`);
    }
  }

  for (const part of query === '' ? [] : query.split('&')) {
    const [name, value] = splitAttribute(part);
    if (seen.has(`?${name}`)) throw bad(`PKCS#11 URI query attribute "${name}" appears twice`);
    seen.add(`?${name}`);
    if (name === 'pin-value') {
      throw new SignerError('PIN_IN_URI', 'a PKCS#11 URI may not carry the PIN (pin-value); the PIN comes from the prompt or --pin-file');
    }
    if (origin === 'link' && (name === 'pin-source' || name === 'module-name' || name === 'module-path')) {
      throw new SignerError(name === 'pin-source' ? 'PIN_IN_URI' : 'BAD_URI', `a PKCS#11 URI from the link may not carry "${name}"`);
    }
    if (name === 'pin-source') uri.pinSource = decodeText(value, name, QUERY_VALUE);
    else if (name === 'module-name') uri.moduleName = decodeText(value, name, QUERY_VALUE);
    else if (name === 'module-path') uri.modulePath = decodeText(value, name, QUERY_VALUE);
    else if (!name.startsWith('x-')) throw bad(`PKCS#11 URI query attribute "${name.slice(0, 40)}" is not known`);
  }
  return uri;
}
