/**
 * An F-Droid index JAR item's fdroidIndex claim is bounded like every other field: what the index
 * asserts goes through the link whole, and an oversized, hidden-character or wrong-length value is
 * refused SCHEMA on the field's path, on the way out and on the way in.
 */
import { describe, expect, it } from 'vitest';
import { encodeCanonical } from '../../../protocol/encoding/index.ts';
import { MAX_INDEX_COUNT, fdroidIndexClaimLines } from '../../../protocol/kinds/index.ts';
import { decodeMessage, encodeMessage } from '../../../protocol/messages/index.ts';
import type { Message } from '../../../protocol/messages/index.ts';
import { FIXED_REQUEST } from '../messages/fixed-messages.ts';
import { refusalOf } from '../messages/refusals.ts';

const claim = { repoName: 'Example repo', apps: 2, packages: 3, indexV2Sha256: new Uint8Array(32).fill(0xab) };
const jar = (fdroidIndex: unknown) => ({ ...FIXED_REQUEST, items: [{ ...FIXED_REQUEST.items[1]!, fdroidIndex }] });

describe('the fdroidIndex claim of a JAR item', () => {
  it('goes through the link whole and reads as CLAIMED lines', () => {
    const message = jar(claim) as Message;
    expect(decodeMessage(encodeMessage(message))).toEqual(message);
    expect(fdroidIndexClaimLines(claim)).toEqual([
      { what: 'repository name', value: '"Example repo"' },
      { what: 'apps', value: '2' },
      { what: 'packages', value: '3' },
      { what: 'index-v2 SHA-256', value: 'ab'.repeat(32) },
    ]);
    // Each part is optional: entry.jar says no repository name, index-v1.jar no index-v2 SHA-256.
    expect(decodeMessage(encodeMessage(jar({ apps: 2 }) as Message))).toEqual(jar({ apps: 2 }));
    expect(fdroidIndexClaimLines(undefined)).toEqual([]);
  });

  it.each([
    ['a repository name of 101 characters', { ...claim, repoName: 'r'.repeat(101) }, ['items.0.fdroidIndex.repoName']],
    ['a repository name with a right-to-left override', { ...claim, repoName: 'F-Droid\u202eoper' }, ['items.0.fdroidIndex.repoName']],
    ['a repository name with a line break', { ...claim, repoName: 'repo\nSIGNED v1: 00' }, ['items.0.fdroidIndex.repoName']],
    ['an index-v2 SHA-256 of 31 bytes', { ...claim, indexV2Sha256: new Uint8Array(31) }, ['items.0.fdroidIndex.indexV2Sha256']],
    ['an index-v2 SHA-256 of 64 bytes', { ...claim, indexV2Sha256: new Uint8Array(64) }, ['items.0.fdroidIndex.indexV2Sha256']],
    ['an index-v2 SHA-256 as hex text', { ...claim, indexV2Sha256: 'ab'.repeat(32) }, ['items.0.fdroidIndex.indexV2Sha256']],
    ['more apps than MAX_INDEX_COUNT', { ...claim, apps: MAX_INDEX_COUNT + 1 }, ['items.0.fdroidIndex.apps']],
    ['an unknown claim', { ...claim, signedBy: 'f-droid.org' }, ['items.0.fdroidIndex.signedBy']],
  ])('refuses %s with SCHEMA on its field', (_name, fdroidIndex, fields) => {
    const value = jar(fdroidIndex);
    const decoded = refusalOf(() => decodeMessage(encodeCanonical(value)));
    expect(decoded.code).toBe('SCHEMA');
    expect(decoded.fields).toEqual(fields);
    const encoded = refusalOf(() => encodeMessage(value as Message));
    expect(encoded.code).toBe('SCHEMA');
    expect(encoded.fields).toEqual(fields);
  });

  it('refuses a negative or fractional count on the way out (canonical bytes cannot carry either)', () => {
    for (const packages of [-1, 1.5]) {
      const e = refusalOf(() => encodeMessage(jar({ ...claim, packages }) as Message));
      expect(e.code).toBe('SCHEMA');
      expect(e.fields).toEqual(['items.0.fdroidIndex.packages']);
    }
  });

  it('is a JAR claim only: an APK item carrying it is refused', () => {
    const value = { ...FIXED_REQUEST, items: [{ ...FIXED_REQUEST.items[0]!, fdroidIndex: claim }] };
    const e = refusalOf(() => decodeMessage(encodeCanonical(value)));
    expect(e.code).toBe('SCHEMA');
    expect(e.fields).toEqual(['items.0.fdroidIndex']);
  });
});
