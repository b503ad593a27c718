/** protocol/kinds: the registry lists each kind once, and each kind says its own labels, policy subject, digests and signature encoding. */
import { describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import { ARTIFACT_KINDS, encodeSignature, itemLabel, itemSignedDigests, KINDS, policySubject, withKind } from '../../../protocol/kinds/index.ts';
import { SigningItem } from '../../../protocol/messages/index.ts';
import { ecdsaDerToRaw } from '../../../protocol/signing/index.ts';
import { FIXED_REQUEST } from '../messages/fixed-messages.ts';

const [apk, jar] = FIXED_REQUEST.items as [SigningItem, Extract<SigningItem, { artifact: 'jar' }>];

describe('the kind registry', () => {
  it('lists every kind of the request schema once, in the order of its union', () => {
    expect(ARTIFACT_KINDS).toEqual(['apk', 'jar', 'openpgp', 'apt-release']);
    expect(SigningItem.options.map((o) => o.shape.artifact.value)).toEqual(ARTIFACT_KINDS);
    for (const kind of ARTIFACT_KINDS) expect(KINDS[kind].kind).toBe(kind);
  });

  it('gives a JAR its own number, the index timestamp, and an APK its version code', () => {
    expect(itemLabel(apk)).toEqual({ noun: 'APK', name: 'org.example.airsign.demo', orderName: 'versionCode', order: 1042, version: '1.4.2', note: '' });
    expect(itemLabel(jar)).toEqual({ noun: 'F-Droid index JAR', name: 'entry.jar', orderName: 'index timestamp', order: 1767225600000, version: '', note: 'F-Droid index JAR' });
    expect(policySubject(apk)).toEqual({ name: 'org.example.airsign.demo', order: 1042 });
    expect(policySubject(jar)).toEqual({ name: 'entry.jar', order: 1767225600000 });
  });

  it('says what each item asks to have signed', () => {
    expect(itemSignedDigests(apk).map((d) => [d.schemes, d.brief])).toEqual([['v2+v3', 'v2/v3 content digest']]);
    expect(itemSignedDigests(jar)).toEqual([{ schemes: 'v1', what: '.SF file digest (SHA-256)', brief: 'v1 .SF digest (sha256)', hex: toHex(jar.v1.sfDigest) }]);
  });

  it('refuses an item of no known kind by name, not as the other kind', () => {
    const stranger = { ...apk, artifact: 'deb' } as unknown as SigningItem;
    expect(() => withKind(stranger, (kind) => kind.kind)).toThrow(expect.objectContaining({ code: 'UNKNOWN_KIND', fields: ['artifact'] }));
  });

  it('encodes signatures as the kind carries them: ECDSA r||s in DER for APK and JAR, raw for OpenPGP (detached, apt Release), RSA as the token returns it', () => {
    const raw = Uint8Array.from({ length: 64 }, (_, i) => i + 1);
    for (const kind of ['openpgp', 'apt-release'] as const) {
      expect(KINDS[kind].ecdsaEncoding).toBe('raw');
      expect(encodeSignature(kind, 'ec', raw)).toBe(raw);
      expect(encodeSignature(kind, 'rsa', raw)).toBe(raw);
    }
    for (const kind of ARTIFACT_KINDS.filter((k) => k !== 'openpgp' && k !== 'apt-release')) {
      expect(KINDS[kind].ecdsaEncoding).toBe('der');
      const der = encodeSignature(kind, 'ec', raw);
      expect(der[0]).toBe(0x30);
      expect(toHex(ecdsaDerToRaw(der, 32))).toBe(toHex(raw));
      expect(encodeSignature(kind, 'rsa', raw)).toBe(raw);
    }
  });
});
