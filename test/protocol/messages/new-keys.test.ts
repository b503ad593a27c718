/**
 * protocol/messages/new-key.ts: a request's newKeys and a signed result's certificate survive
 * the canonical encoding both ways, and every malformed new key (a bad alias, an unknown type, a
 * package that is not one, too many, an unknown field, a request that names no key at all, a
 * result certificate out of bounds) is refused SCHEMA before anything else reads it.
 */
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, MAX_NEW_KEYS } from '../../../protocol/messages/index.ts';
import type { SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { FIXED_REQUEST, FIXED_RESPONSE, labelled } from './fixed-messages.ts';
import { refusalOf } from './refusals.ts';

const newKey = { alias: '57f10d95', keyType: 'rsa:3072', package: 'org.example.notes' };
const asking = (over: Record<string, unknown> = {}): SigningRequest =>
  ({ ...FIXED_REQUEST, newKeys: [newKey], items: [FIXED_REQUEST.items[0]!, { ...FIXED_REQUEST.items[0]!, name: 'org.example.notes', key: 1 }], ...over }) as SigningRequest;

describe('newKeys on the wire', () => {
  it('round-trips a request asking for a key and a result carrying its certificate', () => {
    const request = asking();
    expect(decodeMessage(encodeMessage(request))).toEqual(request);
    const onlyNew = asking({ keys: [], items: [{ ...FIXED_REQUEST.items[0]!, name: 'org.example.notes', key: 0 }] });
    expect(decodeMessage(encodeMessage(onlyNew))).toEqual(onlyNew);
    const response = { ...FIXED_RESPONSE, results: [{ ...FIXED_RESPONSE.results[0]!, certificate: labelled('certificate', 900) }, FIXED_RESPONSE.results[1]!] } as SigningResponse;
    expect(decodeMessage(encodeMessage(response))).toEqual(response);
  });

  const bad: [string, Record<string, unknown>][] = [
    ['an alias with a slash', { newKeys: [{ ...newKey, alias: '../etc' }] }],
    ['an alias of 65 characters', { newKeys: [{ ...newKey, alias: 'a'.repeat(65) }] }],
    ['an empty alias', { newKeys: [{ ...newKey, alias: '' }] }],
    ['an unknown key type', { newKeys: [{ ...newKey, keyType: 'rsa:1024' }] }],
    ['a package that is not one', { newKeys: [{ ...newKey, package: 'notapackage' }] }],
    ['an unknown field', { newKeys: [{ ...newKey, subject: 'CN=evil' }] }],
    ['an empty list', { newKeys: [] }],
    [`${MAX_NEW_KEYS + 1} new keys`, { newKeys: Array.from({ length: MAX_NEW_KEYS + 1 }, (_, i) => ({ ...newKey, alias: `a${i}` })) }],
    ['no key at all', { keys: [], newKeys: undefined }],
  ];
  it.each(bad)('refuses %s (SCHEMA)', (_, over) => {
    const request = Object.fromEntries(Object.entries(asking(over)).filter(([, v]) => v !== undefined));
    expect(refusalOf(() => encodeMessage(request as SigningRequest)).code).toBe('SCHEMA');
  });

  it('refuses a result certificate out of bounds (SCHEMA)', () => {
    for (const certificate of [labelled('tiny', 10), new Uint8Array(8193)]) {
      const response = { ...FIXED_RESPONSE, results: [{ ...FIXED_RESPONSE.results[0]!, certificate }, FIXED_RESPONSE.results[1]!] };
      expect(refusalOf(() => encodeMessage(response as SigningResponse)).code).toBe('SCHEMA');
    }
  });
});
