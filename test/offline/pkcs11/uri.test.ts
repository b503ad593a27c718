/** RFC 7512 PKCS#11 URIs: the RFC's own examples, percent-encoding, and what is refused. */
import { describe, expect, it } from 'vitest';
import { formatPkcs11Uri } from '../../../offline/pkcs11/uri-format.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('parsePkcs11Uri', () => {
  it('reads the examples of RFC 7512 section 3.3', () => {
    expect(parsePkcs11Uri('pkcs11:')).toEqual({});
    expect(parsePkcs11Uri('pkcs11:object=my-pubkey;type=public')).toEqual({ object: 'my-pubkey', type: 'public' });
    expect(parsePkcs11Uri('pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;model=1.0;object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91;serial=')).toEqual({
      token: 'The Software PKCS#11 Softtoken',
      manufacturer: 'Snake Oil, Inc.',
      model: '1.0',
      object: 'my-certificate',
      type: 'cert',
      id: Uint8Array.of(0x69, 0x95, 0x3e, 0x5c, 0xf4, 0xbd, 0xec, 0x91),
      serial: '',
    });
    expect(parsePkcs11Uri('pkcs11:token=Software%20PKCS%2311%20softtoken;manufacturer=Snake%20Oil,%20Inc.?pin-source=file:/etc/token_pin').pinSource).toBe('file:/etc/token_pin');
    expect(parsePkcs11Uri('pkcs11:object=my-sign-key;type=private?module-name=mypkcs11').moduleName).toBe('mypkcs11');
    expect(parsePkcs11Uri('pkcs11:object=my-sign-key;type=private?module-path=/mnt/libmypkcs11.so.1').modulePath).toBe('/mnt/libmypkcs11.so.1');
    expect(parsePkcs11Uri('pkcs11:token=A%20name%20with%20a%20substring%20%25%3B;object=my-certificate;type=cert').token).toBe('A name with a substring %;');
    expect(parsePkcs11Uri('pkcs11:token=Name%20with%20a%20small%20A%20with%20acute:%20%C3%A1;object=my-certificate;type=cert').token).toBe('Name with a small A with acute: á');
    expect(parsePkcs11Uri('pkcs11:slot-description=Sun%20Metaslot;slot-id=2').slotId).toBe(2);
    expect(parsePkcs11Uri('pkcs11:library-manufacturer=Snake%20Oil,%20Inc.;library-description=Soft%20Token;library-version=1.23').libraryVersion).toBe('1.23');
    expect(parsePkcs11Uri('pkcs11:x-vendor-attr=foo;token=t')).toEqual({ token: 't' });
  });

  it('refuses malformed URIs with BAD_URI', () => {
    for (const bad of [
      'pkcs12:token=a',
      'pkcs11:token=a;token=b',
      'pkcs11:unknown=1',
      'pkcs11:token',
      'pkcs11:token=a b',
      'pkcs11:token=%zz',
      'pkcs11:token=%C3',
      'pkcs11:type=secret',
      'pkcs11:slot-id=abc',
      'pkcs11:?what=1',
      `pkcs11:token=${'a'.repeat(3000)}`,
    ]) {
      expect(code(() => parsePkcs11Uri(bad)), bad).toBe('BAD_URI');
    }
  });

  it('never takes a PIN from a URI, and takes neither PIN source nor module from the link', () => {
    expect(code(() => parsePkcs11Uri('pkcs11:token=a?pin-value=1234'))).toBe('PIN_IN_URI');
    expect(code(() => parsePkcs11Uri('pkcs11:token=a?pin-value=1234', 'link'))).toBe('PIN_IN_URI');
    expect(code(() => parsePkcs11Uri('pkcs11:token=a?pin-source=file:/tmp/pin', 'link'))).toBe('PIN_IN_URI');
    expect(code(() => parsePkcs11Uri('pkcs11:token=a?module-path=/tmp/evil.so', 'link'))).toBe('BAD_URI');
    expect(parsePkcs11Uri('pkcs11:token=a?pin-source=file:/tmp/pin', 'operator').pinSource).toBe('file:/tmp/pin');
  });

  it('writes URIs that read back the same', () => {
    const fields = { token: 'release; 2024 %', serial: '30c8f635', object: 'app ü', id: Uint8Array.of(0, 1, 0xfe, 0xff), type: 'private' as const };
    const text = formatPkcs11Uri(fields);
    expect(text).not.toMatch(/[ ;%]ü/);
    expect(parsePkcs11Uri(text, 'link')).toEqual(fields);
  });
});
