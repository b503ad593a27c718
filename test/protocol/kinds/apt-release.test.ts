/**
 * The apt-release kind: what it asks to have signed (a text signature over the canonical text and
 * a binary one over the bytes, each followed by the trailer the signer builds), and the item's
 * words checked against the file (name, suite, Date, SHA-256), each mismatch a SCHEMA refusal
 * naming the field; the policy names it by name and keeps its floor per suite.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { concatBytes, toHex } from '../../../protocol/bytes.ts';
import { sha256 } from '../../../protocol/hash.ts';
import { aptReleaseKind, aptReleaseSignatures, itemLabel, policySubject, releaseBytes, releasePieces } from '../../../protocol/kinds/index.ts';
import type { AptReleaseItem } from '../../../protocol/kinds/index.ts';
import { SigningItem } from '../../../protocol/messages/index.ts';
import { canonicalText, signatureTrailer, SIGNATURE_TYPE } from '../../../protocol/openpgp/index.ts';
import { buildToBeSigned } from '../../../protocol/signing/index.ts';
import { testKey } from '../../support/software-keys.ts';
import { GOOD_RELEASE, bytesOf } from '../apt/fixtures.ts';

const release = bytesOf(GOOD_RELEASE);
const ITEM: Omit<AptReleaseItem, 'key'> = {
  artifact: 'apt-release', name: 'Airsign/stable', suite: 'stable', date: Date.UTC(2026, 11, 6, 21, 24, 25) / 1000,
  sha256: sha256(release), release: releasePieces(release), keyCreated: 1_780_000_000, created: 1_796_000_000, schemes: ['openpgp-text', 'openpgp-binary'],
};

describe('the apt-release kind', () => {
  const certificates = [
    ['RSA', testKey('rsa2048').certificateDer],
    ['P-256', testKey('ec256').certificateDer],
  ] as const;

  it.each(certificates)('%s: a text signature over the canonical text and a binary one over the bytes, trailers built from the item', (_name, der) => {
    const tbs = buildToBeSigned(ITEM, der);
    const { text, binary } = aptReleaseSignatures(ITEM, der);
    expect(text.type).toBe(SIGNATURE_TYPE.text);
    expect(binary.type).toBe(SIGNATURE_TYPE.binary);
    expect(tbs.map((t) => [t.scheme, t.hash])).toEqual([['openpgp-text', 'sha256'], ['openpgp-binary', 'sha256']]);
    expect(toHex(tbs[0]!.data)).toBe(toHex(concatBytes(canonicalText(GOOD_RELEASE), signatureTrailer(text))));
    expect(toHex(tbs[1]!.data)).toBe(toHex(concatBytes(release, signatureTrailer(binary))));
    expect(tbs[0]!.keyKind).toBe(new X509Certificate(der).publicKey.asymmetricKeyType);
  });

  it.each<[string, Partial<Omit<AptReleaseItem, 'key'>>, string]>([
    ['a name that is not the file\'s', { name: 'Debian/stable' }, 'name'],
    ['a suite that is not the file\'s', { suite: 'unstable' }, 'suite'],
    ['a date that is not the file\'s Date', { date: ITEM.date + 1 }, 'date'],
    ['a SHA-256 that is not the file\'s', { sha256: new Uint8Array(32) }, 'sha256'],
    ['a file that is not a Release file', { release: [bytesOf('Suite stable\n')], sha256: sha256(bytesOf('Suite stable\n')) }, 'release'],
  ])('refuses %s', (_what, change, field) => {
    const der = certificates[0][1];
    expect(() => aptReleaseKind.toBeSigned({ ...ITEM, ...change }, { kind: 'rsa', bits: 2048 }, der)).toThrow(expect.objectContaining({ code: 'SCHEMA', fields: [field] }));
  });

  it('takes the other names the file gives: the suite alone, the codename', () => {
    const der = certificates[0][1];
    for (const name of ['stable', 'airsign', 'Airsign/airsign']) expect(buildToBeSigned({ ...ITEM, name }, der)).toHaveLength(2);
  });

  it('is named by its name for the policy, ordered by Date, with its floor kept per suite', () => {
    expect(policySubject(ITEM)).toEqual({ name: 'Airsign/stable', order: ITEM.date, floor: 'stable' });
    expect(itemLabel(ITEM)).toMatchObject({ noun: 'apt Release file', orderName: 'Date', order: ITEM.date, version: 'stable' });
  });

  it('bounds the file in the request schema', () => {
    expect(SigningItem.safeParse({ ...ITEM, key: 0 }).success).toBe(true);
    expect(SigningItem.safeParse({ ...ITEM, key: 0, release: releasePieces(new Uint8Array(1024 * 1024 + 1)) }).success).toBe(false);
    expect(SigningItem.safeParse({ ...ITEM, key: 0, release: [new Uint8Array(100), new Uint8Array(100)] }).success).toBe(false);
    expect(SigningItem.safeParse({ ...ITEM, key: 0, release: releasePieces(new Uint8Array(1024 * 1024)) }).success).toBe(true);
    expect(SigningItem.safeParse({ ...ITEM, key: 0, release: [] }).success).toBe(false);
    expect(SigningItem.safeParse({ ...ITEM, key: 0, schemes: ['openpgp-text'] }).success).toBe(false);
    expect(SigningItem.safeParse({ ...ITEM, key: 0, name: '../x' }).success).toBe(false);
  });
});

describe('a large Release file over the link', () => {
  it('crosses in pieces through the canonical encoding and comes back byte for byte', async () => {
    const { messageToTransfer, transferToMessage } = await import('../../../protocol/messages/index.ts');
    const lines = Array.from({ length: 3000 }, (_, i) => ` ${createHash('sha256').update(String(i)).digest('hex')} ${1000 + i} main/binary-amd64/Packages.${i}`);
    const big = bytesOf(`${GOOD_RELEASE.trimEnd()}\n${lines.join('\n')}\n`);
    expect(big.length).toBeGreaterThan(200_000);
    const item = { ...ITEM, key: 0, sha256: sha256(big), release: releasePieces(big) };
    const request = { v: 2, kind: 'request', requestId: new Uint8Array(16), issuedAt: 1_796_000_000, keys: [new Uint8Array(32)], items: [item] } as const;
    const back = transferToMessage(messageToTransfer(request as never));
    if (back.kind !== 'request' || back.items[0]?.artifact !== 'apt-release') throw new Error('not the request');
    expect(toHex(sha256(releaseBytes(back.items[0])))).toBe(toHex(sha256(big)));
    expect(buildToBeSigned(back.items[0], testKey('rsa2048').certificateDer)).toHaveLength(2);
  });
});
