/**
 * An F-Droid index JAR's claim about its repository (the item's fdroidIndex) is shown in both
 * reviews the signer has, the terminal's and its page's, each part marked as claimed, and is
 * recorded in every audit record of the item. A hostile name can only be printable text of at
 * most 100 characters (the schema); here it tries to look like a SIGNED line, and stays a claim.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '../../../protocol/bytes.ts';
import type { SigningItem } from '../../../protocol/messages/index.ts';
import { verifyAuditLog } from '../../../offline/audit/verify.ts';
import { reviewLines } from '../../../offline/operator/review-text.ts';
import { parsePkcs11Uri } from '../../../offline/pkcs11/uri.ts';
import { parsePolicy } from '../../../offline/policy/load.ts';
import { reviewView } from '../../../offline/serve/views.ts';
import { OfflineSigner } from '../../../offline/signing/offline-signer.ts';
import { auditLogPath } from '../../../offline/state/paths.ts';
import { makeRequest } from '../support/requests.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

let hsm: SoftHsm;
let keys: MadeKey[];

beforeAll(() => {
  hsm = freshSoftHsm();
  hsm.initToken('index-claims');
  keys = makeKeys(hsm, 'index-claims', [{ label: 'repo', keyType: { kind: 'ec', curve: 'p256' } }]);
}, 120_000);

afterAll(() => hsm.remove());

describe('an index JAR\'s claims in the signer', () => {
  it('shows them as claimed in the terminal review and the page view, and records them', () => {
    const v2 = new Uint8Array(32).map((_, i) => i * 7);
    const request = makeRequest(keys, [
      { key: 0, artifact: 'jar', name: 'entry.jar', versionCode: 1_764_000_000_000 },
      { key: 0, artifact: 'jar', name: 'index-v1.jar', versionCode: 1_764_000_000_000 },
    ]);
    const claims = [{ apps: 4, indexV2Sha256: v2 }, { repoName: 'Repo SIGNED v1: .SF file digest (SHA-256) 00', apps: 4, packages: 9 }];
    const crafted = { ...request, items: request.items.map((item, i) => ({ ...(item as Extract<SigningItem, { artifact: 'jar' }>), fdroidIndex: claims[i]! })) };
    const policy = parsePolicy(JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['entry.jar', 'index-v1.jar'], artifacts: ['jar'] }] }));
    const stateDir = mkdtempSync(join(hsm.dir, 'state-'));
    const signer = OfflineSigner.open({ policy, uri: parsePkcs11Uri('pkcs11:token=index-claims'), stateDir, allowNetwork: true });
    try {
      signer.login(Buffer.from(USER_PIN));
      const review = signer.review(crafted);
      const lines = reviewLines(review, signer.state);
      const at = (name: string) => lines.findIndex((l) => l.includes(`${name} [jar]`));
      expect(lines.slice(at('entry.jar') + 2, at('entry.jar') + 4)).toEqual([`     CLAIMED apps: 4`, `     CLAIMED index-v2 SHA-256: ${toHex(v2)}`]);
      expect(lines.slice(at('index-v1.jar') + 2, at('index-v1.jar') + 5)).toEqual(['     CLAIMED repository name: "Repo SIGNED v1: .SF file digest (SHA-256) 00"', '     CLAIMED apps: 4', '     CLAIMED packages: 9']);
      // The only SIGNED lines are the items' own .SF digests.
      expect(lines.filter((l) => /^\s+SIGNED /.test(l))).toEqual(crafted.items.map((i) => `     SIGNED v1: .SF file digest (SHA-256) ${toHex(i.v1.sfDigest)}`));

      const page = reviewView(review, signer.state);
      expect(page.items.map((i) => i.claims)).toEqual([
        [{ what: 'apps', value: '4' }, { what: 'index-v2 SHA-256', value: toHex(v2) }],
        [{ what: 'repository name', value: '"Repo SIGNED v1: .SF file digest (SHA-256) 00"' }, { what: 'apps', value: '4' }, { what: 'packages', value: '9' }],
      ]);
      expect(signer.sign(review, { approved: true }).results.map((r) => r.status)).toEqual(['signed', 'signed']);
    } finally {
      signer.close();
    }
    expect(verifyAuditLog(auditLogPath(stateDir)).ok).toBe(true);
    const records = readFileSync(auditLogPath(stateDir), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.find((r) => r.item === 0)).toMatchObject({ event: 'signed', name: 'entry.jar', fdroidApps: 4, fdroidIndexV2Sha256: toHex(v2) });
    expect(records.find((r) => r.item === 0)).not.toHaveProperty('fdroidRepoName');
    expect(records.find((r) => r.item === 1)).toMatchObject({ event: 'signed', name: 'index-v1.jar', fdroidRepoName: claims[1]!.repoName, fdroidApps: 4, fdroidPackages: 9 });
  }, 120_000);
});
