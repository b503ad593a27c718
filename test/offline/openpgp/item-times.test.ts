/**
 * The times an apt Release item names, as the signer's review checks them: the key's OpenPGP
 * creation time must be the one export-openpgp fixed (else another fingerprint), a key never
 * exported is refused, and the signature's creation time must be within the policy's window.
 */
import { describe, expect, it } from 'vitest';
import { openPgpTimesVerdict } from '../../../offline/openpgp/index.ts';
import { Policy } from '../../../offline/policy/schema.ts';
import type { SigningItem } from '../../../protocol/messages/index.ts';

const policy = Policy.parse({ version: 1, rules: [] });
const NOW = 1_796_000_000;
const CERT = 'ab'.repeat(32);
const item = (keyCreated: number, created: number) => ({ key: 0, artifact: 'apt-release', name: 'stable', suite: 'stable', date: 1, sha256: new Uint8Array(32), release: [new Uint8Array(1)], keyCreated, created, schemes: ['openpgp-text', 'openpgp-binary'] }) as SigningItem;
const input = (known: number | undefined) => ({ policy, now: NOW, keyCreated: (hex: string) => (hex === CERT ? known : undefined) });

describe('openPgpTimesVerdict', () => {
  it('passes an item naming the exported creation time and a signature time of now', () => {
    expect(openPgpTimesVerdict(input(1_780_000_000), item(1_780_000_000, NOW), CERT)).toBeUndefined();
    expect(openPgpTimesVerdict(input(1_780_000_000), item(1_780_000_000, NOW - policy.maxRequestAgeSeconds), CERT)).toBeUndefined();
  });

  it('refuses a key that was never exported, and a review without the state', () => {
    expect(openPgpTimesVerdict(input(undefined), item(1_780_000_000, NOW), CERT)).toMatchObject({ allowed: false, reason: 'UNKNOWN_KEY', detail: expect.stringContaining('export-openpgp') });
    expect(openPgpTimesVerdict({ policy, now: NOW, keyCreated: undefined }, item(1_780_000_000, NOW), CERT)).toMatchObject({ allowed: false, reason: 'UNKNOWN_KEY' });
  });

  it('refuses another creation time of the key (another fingerprint)', () => {
    expect(openPgpTimesVerdict(input(1_780_000_000), item(1_780_000_001, NOW), CERT)).toMatchObject({ allowed: false, reason: 'INVALID_ITEM', detail: expect.stringContaining('another fingerprint') });
  });

  it('refuses a signature time outside the window', () => {
    expect(openPgpTimesVerdict(input(1_780_000_000), item(1_780_000_000, NOW - policy.maxRequestAgeSeconds - 1), CERT)).toMatchObject({ allowed: false, reason: 'INVALID_ITEM' });
    expect(openPgpTimesVerdict(input(1_780_000_000), item(1_780_000_000, NOW + policy.maxClockSkewSeconds + 1), CERT)).toMatchObject({ allowed: false, reason: 'INVALID_ITEM' });
  });

  it('says nothing about other kinds', () => {
    expect(openPgpTimesVerdict(input(undefined), { key: 0, artifact: 'jar' } as SigningItem, CERT)).toBeUndefined();
  });
});
