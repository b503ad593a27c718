/** encodeMessage/decodeMessage: the order of checks (version, kind, schema) and what each failure reports. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENCODING_LIMITS, encodeCanonical } from '../../../protocol/encoding/index.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { decodeMessage, encodeMessage, messageDigest, transferToMessage } from '../../../protocol/messages/index.ts';
import type { Message } from '../../../protocol/messages/index.ts';
import { FIXED_CERTIFICATE, FIXED_ERROR, FIXED_REQUEST, FIXED_RESPONSE } from './fixed-messages.ts';
import { refusalOf } from './refusals.ts';

/** Bytes for an object the schema may refuse: encoded canonically without validation, as a hostile sender would. */
const raw = (value: unknown) => encodeCanonical(value);
const decodeRaw = (value: unknown) => refusalOf(() => decodeMessage(raw(value)));

describe('version and kind come before the schema', () => {
  it.each([1, 0, 3, 1000])('refuses protocol version %i with UNKNOWN_VERSION, whatever else is wrong', (v) => {
    const e = decodeRaw({ v, kind: 'something new', extra: true });
    expect(e.code).toBe('UNKNOWN_VERSION');
    expect(e.fields).toEqual(['v']);
  });

  it('refuses a version-1 request (the flat item of before the kind registry) as UNKNOWN_VERSION, saying both versions', () => {
    const jar = FIXED_REQUEST.items[1] as Extract<Message & { kind: 'request' }, { kind: 'request' }>['items'][number] & { artifact: 'jar' };
    const v1Item = { key: 0, artifact: 'jar', name: jar.name, versionCode: 1767225600000, versionName: '', sha256: jar.sha256, schemes: ['v1'], v1: jar.v1 };
    const e = decodeRaw({ ...FIXED_REQUEST, v: 1, items: [v1Item] });
    expect(e.code).toBe('UNKNOWN_VERSION');
    expect(e.message).toBe('protocol version 1 is not supported (this side speaks 2)');
  });

  it('refuses an unknown kind with UNKNOWN_KIND, before looking at other fields', () => {
    const e = decodeRaw({ v: 2, kind: 'batch-request', items: 'not even an array' });
    expect(e.code).toBe('UNKNOWN_KIND');
    expect(e.fields).toEqual(['kind']);
  });

  it('reports a missing or mistyped version or kind as SCHEMA', () => {
    expect(decodeRaw({ kind: 'request' }).fields).toEqual(['v']);
    expect(decodeRaw({ v: '1', kind: 'request' }).code).toBe('SCHEMA');
    expect(decodeRaw({ v: 2 }).fields).toEqual(['kind']);
    expect(decodeRaw({ v: 2, kind: 7 }).code).toBe('SCHEMA');
  });

  it('refuses a top level that is not a map with BAD_TYPE', () => {
    for (const value of [[], 1, 'request', null, true, new Uint8Array(1)]) expect(decodeRaw(value).code).toBe('BAD_TYPE');
  });

  it('checks the same on the way out', () => {
    expect(refusalOf(() => encodeMessage({ ...FIXED_ERROR, v: 1 } as unknown as Message)).code).toBe('UNKNOWN_VERSION');
    expect(refusalOf(() => encodeMessage({ ...FIXED_ERROR, kind: 'warning' } as unknown as Message)).code).toBe('UNKNOWN_KIND');
  });
});

describe('schema failures name the failing fields', () => {
  const item = FIXED_REQUEST.items[0]!;
  const withItem = (patch: Record<string, unknown>) => ({ ...FIXED_REQUEST, items: [{ ...item, ...patch }] });

  it.each<[string, unknown, string[]]>([
    ['a digest of the wrong length', withItem({ sha256: new Uint8Array(31) }), ['items.0.sha256']],
    ['a version name over 100 characters', withItem({ versionName: 'x'.repeat(101) }), ['items.0.versionName']],
    ['a newline in a version name', withItem({ versionName: '1.0\nApproved by security' }), ['items.0.versionName']],
    ['an escape sequence in a version name', withItem({ versionName: '\u001b[2J1.0' }), ['items.0.versionName']],
    ['a right-to-left override', withItem({ versionName: '1.0\u202e' }), ['items.0.versionName']],
    ['a zero-width space', withItem({ versionName: '1.\u200b0' }), ['items.0.versionName']],
    ['a line separator', withItem({ versionName: '1.0\u2028' }), ['items.0.versionName']],
    ['a byte-order mark', withItem({ versionName: '\ufeff1.0' }), ['items.0.versionName']],
    ['a package name with a slash', withItem({ name: 'org.example/../x' }), ['items.0.name']],
    ['an unknown artifact kind', withItem({ artifact: 'exe' }), ['items.0.artifact']],
    ['a JAR item with an APK\'s versionCode', { ...FIXED_REQUEST, items: [{ ...FIXED_REQUEST.items[1]!, versionCode: 1 }] }, ['items.0.versionCode']],
    ['a JAR item without its timestamp', { ...FIXED_REQUEST, items: [{ ...FIXED_REQUEST.items[1]!, timestamp: undefined }] }, ['items.0.timestamp']],
    ['a JAR item asking for v2', { ...FIXED_REQUEST, items: [{ ...FIXED_REQUEST.items[1]!, schemes: ['v2'] }] }, ['items.0.schemes.0']],
    ['an APK item with a JAR\'s timestamp', withItem({ timestamp: 1 }), ['items.0.timestamp']],
    ['a key index past maxKeys', withItem({ key: LIMITS.maxKeys }), ['items.0.key']],
    ['an unknown scheme', withItem({ schemes: ['v4'] }), ['items.0.schemes.0']],
    ['an unknown item field', withItem({ apkPath: '/etc/passwd' }), ['items.0.apkPath']],
    ['an unknown top-level field', { ...FIXED_REQUEST, shell: 'rm -rf /' }, ['shell']],
    ['no items', { ...FIXED_REQUEST, items: [] }, ['items']],
    ['too many keys', { ...FIXED_REQUEST, keys: Array.from({ length: LIMITS.maxKeys + 1 }, () => new Uint8Array(32)) }, ['keys']],
    ['a request id of 17 bytes', { ...FIXED_REQUEST, requestId: new Uint8Array(17) }, ['requestId']],
    ['a time past 2^40', { ...FIXED_REQUEST, issuedAt: 2 ** 40 + 1 }, ['issuedAt']],
    ['a boolean where a number belongs', { ...FIXED_REQUEST, issuedAt: true }, ['issuedAt']],
    ['a signature over the limit', { ...FIXED_RESPONSE, results: [{ index: 0, status: 'signed', signatures: [{ scheme: 'v2', method: 'rsa-pkcs1-sha256', signature: new Uint8Array(LIMITS.maxSignatureBytes + 1) }] }] }, ['results.0.signatures.0.signature']],
    ['an unknown refusal reason', { ...FIXED_RESPONSE, results: [{ index: 0, status: 'refused', reason: 'BECAUSE', detail: '' }] }, ['results.0.reason']],
    ['an empty certificate label', { ...FIXED_CERTIFICATE, label: '' }, ['label']],
    ['a lower-case error code', { ...FIXED_ERROR, code: 'oops' }, ['code']],
  ])('%s', (_name, value, fields) => {
    const decoded = decodeRaw(value);
    expect(decoded.code).toBe('SCHEMA');
    expect(decoded.fields).toEqual(fields);
    const encoded = refusalOf(() => encodeMessage(value as Message));
    expect(encoded.code).toBe('SCHEMA');
    expect(encoded.fields).toEqual(fields);
  });

  it('refuses a negative version code: SCHEMA on the way out, UNSUPPORTED in the bytes', () => {
    const e = refusalOf(() => encodeMessage(withItem({ versionCode: -1 }) as Message));
    expect(e.code).toBe('SCHEMA');
    expect(e.fields).toEqual(['items.0.versionCode']);
    // The same message with versionCode 0 (0x00) turned into -1 (0x20, major type 1).
    const bytes = encodeMessage(withItem({ versionCode: 0 }) as Message);
    const at = indexOfSequence(bytes, [...new TextEncoder().encode('versionCode'), 0x00]) + 'versionCode'.length;
    bytes[at] = 0x20;
    expect(refusalOf(() => decodeMessage(bytes)).code).toBe('UNSUPPORTED');
  });

  it('refuses a "__proto__" key as an unknown field, without touching any prototype', () => {
    const hostile = { ...FIXED_ERROR } as Record<string, unknown>;
    Object.defineProperty(hostile, '__proto__', { value: { polluted: true }, enumerable: true });
    const e = decodeRaw(hostile);
    expect(e.code).toBe('SCHEMA');
    expect(e.fields).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lists several failing fields at once, and bounds the list', () => {
    const items = Array.from({ length: 100 }, () => ({ ...item, sha256: new Uint8Array(1) }));
    const e = decodeRaw({ ...FIXED_REQUEST, requestId: new Uint8Array(1), items });
    expect(e.fields[0]).toBe('requestId');
    expect(e.fields[1]).toBe('items.0.sha256');
    expect(e.fields.length).toBe(32);
  });

  it('takes the largest allowed certificate, and refuses a larger one before the schema sees it', () => {
    const big = { ...FIXED_CERTIFICATE, certificate: new Uint8Array(LIMITS.maxCertificateBytes) };
    expect(decodeMessage(encodeMessage(big))).toEqual(big);
    const bigger = { ...FIXED_CERTIFICATE, certificate: new Uint8Array(LIMITS.maxCertificateBytes + 1) };
    expect(refusalOf(() => encodeMessage(bigger)).code).toBe('SCHEMA');
    const hostile = encodeCanonical(bigger, { ...DEFAULT_ENCODING_LIMITS, maxStringBytes: 1 << 20 });
    expect(refusalOf(() => decodeMessage(hostile)).code).toBe('TOO_LARGE');
  });

  it('takes a request of maxItems items and refuses one more at the decoder', () => {
    const items = Array.from({ length: LIMITS.maxItems }, () => item);
    const full = { ...FIXED_REQUEST, items };
    expect(decodeMessage(encodeMessage(full))).toEqual(full);
    const oneMore = encodeCanonical({ ...FIXED_REQUEST, items: [...items, item] }, { ...DEFAULT_ENCODING_LIMITS, maxCount: 2000 });
    expect(refusalOf(() => decodeMessage(oneMore)).code).toBe('TOO_LARGE');
  });
});

describe('digests', () => {
  it('refuses to digest bytes that are not a valid message', () => {
    expect(refusalOf(() => messageDigest(new Uint8Array([0xa0]))).code).toBe('SCHEMA');
  });

  it('refuses a transfer passed where message bytes belong', () => {
    expect(refusalOf(() => decodeMessage(new Uint8Array([0x41, 0x53, 0x4d, 1, 0, 0, 0, 0, 1, 0xa0]))).code).toBe('TRAILING_BYTES');
  });

  it('transferToMessage refuses non-bytes', () => {
    expect(refusalOf(() => transferToMessage({} as Uint8Array)).code).toBe('BAD_ARGUMENT');
  });
});

function indexOfSequence(haystack: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('sequence not found');
}
