/**
 * An apt Release item in the signer as a library, on SoftHSM2: both reviews (the terminal's and the
 * page's) show what the file asserts as signed; signing makes both signatures and audit records
 * carrying the suite and Date; the rollback floor is kept per suite whatever name the item gives
 * (an older Release named "stable" after "Airsign/stable" is refused).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import { sha256 } from '../../../protocol/hash.ts';
import { parseRelease } from '../../../protocol/apt/index.ts';
import { releaseAssertionLines, releasePieces } from '../../../protocol/kinds/index.ts';
import type { SigningItem, SigningRequest } from '../../../protocol/messages/index.ts';
import { verifyAuditLog } from '../../../offline/audit/verify.ts';
import { fixCreationTime } from '../../../offline/openpgp/index.ts';
import { reviewLines } from '../../../offline/operator/review-text.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import { parsePolicy } from '../../../offline/policy/load.ts';
import { reviewView } from '../../../offline/serve/views.ts';
import { OfflineSigner } from '../../../offline/signing/offline-signer.ts';
import { auditLogPath } from '../../../offline/state/paths.ts';
import { GOOD_RELEASE } from '../../protocol/apt/fixtures.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

let hsm: SoftHsm;
let keys: MadeKey[];
const KEY_CREATED = 1_780_000_000;

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('apt-review');
  keys = makeKeys(hsm, 'apt-review', [{ label: 'archive', keyType: { kind: 'ec', curve: 'p256' } }]);
}, 120_000);

afterAll(() => hsm.remove());

function request(text: string, name: string, now: number): SigningRequest {
  const bytes = new TextEncoder().encode(text);
  const release = parseRelease(bytes);
  const item: SigningItem = { key: 0, artifact: 'apt-release', name, suite: release.suite!, date: release.date, sha256: sha256(bytes), release: releasePieces(bytes), keyCreated: KEY_CREATED, created: now, schemes: ['openpgp-text', 'openpgp-binary'] };
  return { v: 2, kind: 'request', requestId: sha256(new TextEncoder().encode(`${name}${text}`)).subarray(0, 16), issuedAt: now, keys: [keys[0]!.fingerprint], items: [item] };
}

describe('an apt Release item in the signer', () => {
  it('is reviewed with what it asserts, signed twice, logged with its suite and Date, and its floor kept per suite', () => {
    const stateDir = mkdtempSync(join(hsm.dir, 'state-'));
    fixCreationTime(stateDir, toHex(sha256(keys[0]!.certificate)), KEY_CREATED);
    const policy = parsePolicy(JSON.stringify({ version: 1, rules: [{ keys: ['label:archive'], packages: ['Airsign/*', 'stable'], artifacts: ['apt-release'] }] }));
    const signer = OfflineSigner.open({ policy, uri: parsePkcs11Uri('pkcs11:token=apt-review'), stateDir, allowNetwork: true });
    const now = Math.floor(Date.now() / 1000);
    try {
      signer.login(Buffer.from(USER_PIN));
      const first = request(GOOD_RELEASE, 'Airsign/stable', now);
      const review = signer.review(first);
      expect(review.items[0]!.verdict).toEqual({ allowed: true });
      const asserted = releaseAssertionLines(parseRelease(new TextEncoder().encode(GOOD_RELEASE)));
      const lines = reviewLines(review, signer.state);
      expect(lines).toContain('apt:     an apt Release file is signed whole: its name, Date, suite and sha256 are checked against it, and its SIGNED Release lines are read from it.');
      for (const a of asserted) expect(lines).toContain(`     SIGNED Release ${a.what}: ${a.value}`);
      expect(reviewView(review, signer.state).items[0]!.asserted).toEqual(asserted);
      const response = signer.sign(review, { approved: true });
      expect(response.results[0]).toMatchObject({ status: 'signed', signatures: [{ scheme: 'openpgp-text', method: 'ecdsa-sha256' }, { scheme: 'openpgp-binary', method: 'ecdsa-sha256' }] });

      // An older Date for the same suite, under its other name: refused by the suite's floor.
      const older = request(GOOD_RELEASE.replace('Sun, 06 Dec 2026 21:24:25 +0000', 'Sat, 05 Dec 2026 21:24:25 +0000'), 'stable', now);
      expect(signer.review(older).items[0]!.verdict).toMatchObject({ allowed: false, reason: 'POLICY_VERSION_ROLLBACK' });
      // A newer one passes.
      const newer = request(GOOD_RELEASE.replace('Sun, 06 Dec 2026 21:24:25 +0000', 'Mon, 07 Dec 2026 21:24:25 +0000'), 'stable', now);
      expect(signer.review(newer).items[0]!.verdict).toEqual({ allowed: true });
    } finally {
      signer.close();
    }
    expect(verifyAuditLog(auditLogPath(stateDir)).ok).toBe(true);
    const records = readFileSync(auditLogPath(stateDir), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((r) => r.event === 'signed');
    expect(records.map((r) => [r.scheme, r.artifact, r.name, r.suite, r.releaseDate])).toEqual([
      ['openpgp-text', 'apt-release', 'Airsign/stable', 'stable', Date.UTC(2026, 11, 6, 21, 24, 25) / 1000],
      ['openpgp-binary', 'apt-release', 'Airsign/stable', 'stable', Date.UTC(2026, 11, 6, 21, 24, 25) / 1000],
    ]);
  });
});
