/**
 * The link budget of vouching, on the compressed request transfer (what the frames carry): a
 * 100-item request with 2 attestations per item (airsign attest's statements by an Ed25519 and
 * an ECDSA P-256 rebuilder) and 2 approvals (ssh-keygen, ed25519 and ecdsa) stays within
 * 400 bytes per attested item and 400 bytes per approval above the same request without them,
 * whether the two rebuilders' statements are byte-identical (merged into one envelope) or not.
 * Every attestation and approval of it verifies offline.
 */
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalDigest, IN_TOTO_PAYLOAD_TYPE, pae, predicateFor, statementBytes } from '../../../protocol/attest/index.ts';
import type { DsseEnvelope } from '../../../protocol/attest/index.ts';
import { messageToTransfer } from '../../../protocol/messages/index.ts';
import type { SigningItem } from '../../../protocol/messages/index.ts';
import { checkVouch } from '../../../offline/vouch/check-vouch.ts';
import { attachVouch } from '../../../online/attest/attach.ts';
import { dsseSignerOf } from '../../../online/attest/rebuilder-key.ts';
import type { LocalDsseSigner } from '../../../online/attest/rebuilder-key.ts';
import { allowedSigner, apkItem, approvalOf, policyWith, requestOf, sshKey, tempDir } from './fixtures.ts';
import type { SshKey } from './fixtures.ts';

const BUDGET = { perAttestedItem: 400, perApproval: 400 } as const;

const SOURCE = 'git+https://example.org/app.git@0123456789abcdef0123456789abcdef01234567';

function envelopeOf(item: SigningItem, signer: LocalDsseSigner, source = SOURCE): DsseEnvelope {
  const { key: _key, ...unkeyed } = item;
  void _key;
  const payload = statementBytes(`${item.name}.apk`, item.sha256, predicateFor(unkeyed, 1, source));
  return { payloadType: IN_TOTO_PAYLOAD_TYPE, payload, signatures: [{ keyid: signer.keyid, sig: signer.sign(pae(IN_TOTO_PAYLOAD_TYPE, payload)) }] };
}

let alice: SshKey;
let bob: SshKey;
beforeAll(() => {
  const dir = tempDir();
  alice = sshKey(dir, 'ed25519', 'alice');
  bob = sshKey(dir, 'ecdsa', 'bob');
}, 60_000);

describe('link budget', () => {
  it('a 100-item request with 2 attestations per item and 2 approvals', () => {
    const a = dsseSignerOf(generateKeyPairSync('ed25519').privateKey);
    const b = dsseSignerOf(generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey);
    const items = Array.from({ length: 100 }, (_, i) => apkItem(`org.example.app${i}`, 1000 + i));
    const plain = requestOf(items);
    const plainBytes = messageToTransfer(plain).length;

    const attested = attachVouch(plain, { envelopes: items.flatMap((item) => [envelopeOf(item, a), envelopeOf(item, b)]) }).request;
    expect(attested.vouch?.attestations).toHaveLength(100);
    const digest = approvalDigest(plain);
    const approved = attachVouch(attested, { approvals: [approvalOf(alice, digest), approvalOf(bob, digest)] }).request;
    const attestedBytes = messageToTransfer(attested).length;
    const approvedBytes = messageToTransfer(approved).length;
    const perItem = (attestedBytes - plainBytes) / 100;
    const perApproval = (approvedBytes - attestedBytes) / 2;
    expect(perItem).toBeLessThanOrEqual(BUDGET.perAttestedItem);
    expect(perApproval).toBeLessThanOrEqual(BUDGET.perApproval);
    expect(approvedBytes).toBeLessThanOrEqual(plainBytes + 100 * BUDGET.perAttestedItem + 2 * BUDGET.perApproval);

    // All of it verifies against the pinned keys.
    const policy = policyWith({
      attestations: { packages: ['org.example.*'], from: [a.publicKey, b.publicKey], min: 2 },
      approvals: { min: 2, of: [allowedSigner('alice', alice), allowedSigner('bob', bob)] },
    });
    const v = checkVouch(policy, approved, approvalDigest(approved), Math.floor(Date.now() / 1000));
    expect(v.items.filter((i) => i.refusal !== undefined)).toEqual([]);
    expect(v.items.every((i) => i.attesters.length === 2 && i.approvers.length === 2)).toBe(true);

    // Rebuilders whose statements differ (another source text) are carried apart: the worse case.
    const apart = attachVouch(plain, { envelopes: items.flatMap((item) => [envelopeOf(item, a), envelopeOf(item, b, `${SOURCE}#rebuilder-b`)]) }).request;
    expect(apart.vouch?.attestations).toHaveLength(200);
    const apartPerItem = (messageToTransfer(apart).length - plainBytes) / 100;
    expect(apartPerItem).toBeLessThanOrEqual(BUDGET.perAttestedItem);
  }, 120_000);
});
