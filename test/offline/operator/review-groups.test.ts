/**
 * Review by exception from the signer's own state: what each key has signed decides the group, and
 * the terminal's summary lists the exceptions in full and the routine items as a count.
 */
import { describe, expect, it } from 'vitest';
import type { ArtifactKind } from '../../../protocol/kinds/index.ts';
import { exceptionLines, groupReview } from '../../../offline/operator/review-groups.ts';
import { PolicyState } from '../../../offline/policy/state.ts';
import type { Review, ReviewItem } from '../../../offline/signing/review.ts';
import { makeRequest } from '../support/requests.ts';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const keys = [{ fingerprint: Buffer.from(A, 'hex'), keyType: { kind: 'rsa', bits: 3072 } as const }];

function review(specs: { name: string; versionCode: number; artifact?: Exclude<ArtifactKind, 'openpgp'>; refused?: string }[]): Review {
  const request = makeRequest(keys, specs.map((s) => ({ key: 0, name: s.name, versionCode: s.versionCode, ...(s.artifact === undefined ? {} : { artifact: s.artifact }) })));
  const items: ReviewItem[] = request.items.map((item, index) => ({
    index,
    item,
    key: undefined,
    fingerprint: A,
    verdict: specs[index]!.refused === undefined ? { allowed: true } : { allowed: false, reason: 'POLICY_PACKAGE_NOT_ALLOWED', detail: specs[index]!.refused! },
    toBeSigned: [],
  }));
  return { request, requestDigest: new Uint8Array(32), items, now: request.issuedAt, resign: false };
}

describe('review by exception', () => {
  it('groups by what the signer has signed, exceptions first, each with why', () => {
    const state = PolicyState.empty();
    state.recordVersion(A, 'apk:org.example.app', 7, 'f'.repeat(64));
    state.recordVersion(A, 'apk:org.example.big', 10, 'f'.repeat(64));
    state.recordVersion(B, 'apk:org.example.moved', 3, 'f'.repeat(64));
    const r = review([
      { name: 'org.example.app', versionCode: 8 },
      { name: 'org.example.moved', versionCode: 4 },
      { name: 'org.example.fresh', versionCode: 1 },
      { name: 'org.example.big', versionCode: 500 },
      { name: 'entry.jar', versionCode: 1, artifact: 'jar' },
      { name: 'com.other.app', versionCode: 1, refused: 'no rule allows com.other.app for this key' },
    ]);
    const groups = groupReview(r, state);
    expect(groups.map((g) => [g.kind, g.items.map((i) => i.item.index)])).toEqual([
      ['refused', [5]],
      ['key-changed', [1]],
      ['new-package', [2]],
      ['version-jump', [3]],
      ['index-jar', [4]],
      ['routine', [0]],
    ]);
    expect(groups[0]!.items[0]!.why).toBe('POLICY_PACKAGE_NOT_ALLOWED: no rule allows com.other.app for this key');
    expect(groups[1]!.items[0]!.why).toContain('signed before with another key (bbbbbbbb)');
    expect(groups[3]!.items[0]!.why).toBe('version code 500 jumps 490 above the highest signed, 10');

    const lines = exceptionLines(r, state);
    expect(lines).toContain('  Refused (1):');
    expect(lines).toContain('    #6 com.other.app 1: POLICY_PACKAGE_NOT_ALLOWED: no rule allows com.other.app for this key');
    expect(lines.at(-1)).toBe('  Routine: the next version of a package this key has signed: 1 item(s)');
  });

  it('calls a key that has signed nothing a new key', () => {
    const groups = groupReview(review([{ name: 'org.example.app', versionCode: 1 }]), PolicyState.empty());
    expect(groups.map((g) => g.kind)).toEqual(['key-changed']);
    expect(groups[0]!.items[0]!.why).toBe('key aaaaaaaa has signed nothing yet: a new key');
  });
});
