/**
 * Distinguished names as the operator types them, RFC 4514 style ("CN=Release, O=Example, C=DE"),
 * turned into an X.509 Name. As in RFC 4514 the string lists the most specific part first, so the
 * DER order is the reverse. Commas, plus signs and the like inside a value are escaped with "\".
 */
import { SignerError } from '../errors.ts';
import { derIa5String, derOid, derPrintableString, derSequence, derSetOf, derUtf8String } from '../../protocol/signing/index.ts';

const ATTRIBUTES: Record<string, { oid: string; encode: (v: string) => Uint8Array; max: number }> = {
  CN: { oid: '2.5.4.3', encode: derUtf8String, max: 64 },
  SERIALNUMBER: { oid: '2.5.4.5', encode: derPrintableString, max: 64 },
  C: { oid: '2.5.4.6', encode: derPrintableString, max: 2 },
  L: { oid: '2.5.4.7', encode: derUtf8String, max: 128 },
  ST: { oid: '2.5.4.8', encode: derUtf8String, max: 128 },
  O: { oid: '2.5.4.10', encode: derUtf8String, max: 64 },
  OU: { oid: '2.5.4.11', encode: derUtf8String, max: 64 },
  EMAILADDRESS: { oid: '1.2.840.113549.1.9.1', encode: derIa5String, max: 255 },
};

export interface NameAttribute {
  readonly type: string;
  readonly value: string;
}

/** Splits at unescaped commas and unescapes; refuses what it does not understand. */
export function parseDistinguishedName(text: string): NameAttribute[] {
  if (text.length > 1024) throw new SignerError('BAD_SUBJECT', 'subject longer than 1024 characters');
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') {
      const next = text[i + 1];
      if (next === undefined) throw new SignerError('BAD_SUBJECT', 'subject ends in a lone "\\"');
      current += next;
      i++;
    } else if (ch === ',') {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map((part) => {
    const eq = part.indexOf('=');
    if (eq === -1) throw new SignerError('BAD_SUBJECT', `subject part "${part.trim()}" is not TYPE=value`);
    const type = part.slice(0, eq).trim().toUpperCase();
    const value = part.slice(eq + 1).trim();
    const spec = ATTRIBUTES[type];
    if (spec === undefined) throw new SignerError('BAD_SUBJECT', `subject attribute "${type}" is not one of ${Object.keys(ATTRIBUTES).join(', ')}`);
    if (value.length === 0 || value.length > spec.max) throw new SignerError('BAD_SUBJECT', `subject ${type} must have 1 to ${spec.max} characters`);
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(value)) throw new SignerError('BAD_SUBJECT', `subject ${type} has control characters`);
    if (spec.encode === derPrintableString && !/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(value)) throw new SignerError('BAD_SUBJECT', `subject ${type} must be printable ASCII`);
    return { type, value };
  });
}

/** DER Name: one single-valued RDN per attribute, in DER order (reverse of the string). */
export function encodeName(attributes: readonly NameAttribute[]): Uint8Array {
  const rdns = [...attributes].reverse().map(({ type, value }) => {
    const spec = ATTRIBUTES[type]!;
    return derSetOf(derSequence(derOid(spec.oid), spec.encode(value)));
  });
  return derSequence(...rdns);
}
