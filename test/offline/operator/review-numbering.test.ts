/**
 * The terminal review numbers items as the signer page does, from 1 (offline/pages/review-step.ts
 * shows `index + 1`), so an operator who reads both sees one numbering.
 */
import { describe, expect, it } from 'vitest';
import { reviewLines } from '../../../offline/operator/review-text.ts';
import type { Review } from '../../../offline/signing/review.ts';

const item = (name: string) => ({
  key: 0,
  artifact: 'apk',
  name,
  versionCode: 7,
  versionName: '1.0',
  sha256: new Uint8Array(32).fill(1),
  schemes: ['v2'],
});

describe('terminal review numbering', () => {
  it('numbers the first item 1, like the page', () => {
    const review = {
      request: { v: 2, kind: 'request', requestId: new Uint8Array(16), issuedAt: 1000, keys: [new Uint8Array(32)], items: [item('org.a'), item('org.b')] },
      requestDigest: new Uint8Array(32),
      now: 1000,
      resign: false,
      items: [0, 1].map((index) => ({ index, item: item(index === 0 ? 'org.a' : 'org.b'), key: undefined, fingerprint: undefined, verdict: { allowed: true }, toBeSigned: [] })),
    } as unknown as Review;
    const rows = reviewLines(review).filter((l) => /^\d+\s+org\./.test(l));
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(['1', '2']);
  });
});
