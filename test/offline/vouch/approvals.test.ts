/**
 * Approvals made by ssh-keygen -Y sign (Ed25519, ECDSA P-256, RSA with rsa-sha2-512) verify
 * offline against allowed_signers lines; forged, unpinned, expired, wrong-namespace,
 * duplicated-signer and replayed-from-another-request approvals are refused with their codes;
 * M-of-N counts distinct pinned keys. Security-key (sk-ssh-ed25519) signatures cannot be made
 * without the hardware: their verification is checked on a signature built here to the format.
 */
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { approvalDigest, parseAllowedSigner, parseSshSignature, sshsigSignedData } from '../../../protocol/attest/index.ts';
import { sshString } from '../../../protocol/attest/ssh-wire.ts';
import { concatBytes, utf8 } from '../../../protocol/bytes.ts';
import { checkVouch } from '../../../offline/vouch/check-vouch.ts';
import { verifyApprovals } from '../../../offline/vouch/verify-approvals.ts';
import type { SigningRequest } from '../../../protocol/messages/index.ts';
import { allowedSigner, apkItem, approvalOf, policyWith, requestOf, sshKey, tempDir } from './fixtures.ts';
import type { SshKey } from './fixtures.ts';

let alice: SshKey;
let bob: SshKey;
let carol: SshKey;
let mallory: SshKey;
let dir: string;
const now = () => Math.floor(Date.now() / 1000);

beforeAll(() => {
  dir = tempDir();
  alice = sshKey(dir, 'ed25519', 'alice');
  bob = sshKey(dir, 'ecdsa', 'bob');
  carol = sshKey(dir, 'rsa', 'carol');
  mallory = sshKey(dir, 'ed25519', 'mallory');
}, 120_000);

const pinned = () => [allowedSigner('alice@example.org', alice), allowedSigner('bob@example.org', bob), allowedSigner('carol@example.org', carol)];

function judge(request: SigningRequest, min: number, of = pinned()) {
  return checkVouch(policyWith({ approvals: { min, of } }), request, approvalDigest(request), now()).items[0]!;
}

describe('approvals made by ssh-keygen', () => {
  it('verify for ssh-ed25519, ecdsa-sha2-nistp256 and rsa-sha2-512, and ssh-keygen -Y verify agrees', () => {
    const request = requestOf([apkItem('org.example.app', 1)]);
    const digest = approvalDigest(request);
    const approvals = [approvalOf(alice, digest), approvalOf(bob, digest), approvalOf(carol, digest)];
    expect(parseSshSignature(approvals[2]!.sshsig).signatureType).toBe('rsa-sha2-512');
    const v = judge({ ...request, vouch: { approvals } }, 3);
    expect(v.approvalRejections).toEqual([]);
    expect(v.approvers.map((a) => a.name)).toEqual(['alice@example.org', 'bob@example.org', 'carol@example.org']);
    expect(v.refusal).toBeUndefined();
    // The oracle: OpenSSH's own verifier accepts the same signature over the same 32 bytes.
    const signers = join(dir, 'allowed_signers');
    writeFileSync(signers, `${pinned().join('\n')}\n`);
    const sigFile = join(dir, 'approval.sig');
    writeFileSync(sigFile, `-----BEGIN SSH SIGNATURE-----\n${Buffer.from(approvals[1]!.sshsig).toString('base64')}\n-----END SSH SIGNATURE-----\n`);
    const out = execFileSync('ssh-keygen', ['-Y', 'verify', '-f', signers, '-I', 'bob@example.org', '-n', 'airsign-request', '-s', sigFile], { input: digest, encoding: 'utf8' });
    expect(out).toContain('Good "airsign-request" signature for bob@example.org');
  });

  it('refuse each bad approval with its code', () => {
    const request = requestOf([apkItem('org.example.app', 1)]);
    const digest = approvalDigest(request);
    const good = approvalOf(alice, digest);
    const forged = Uint8Array.from(good.sshsig);
    forged[forged.length - 3]! ^= 1;
    const other = requestOf([apkItem('org.example.app', 2)]);
    const otherDigest = approvalDigest(other);
    const cases: [string, SigningRequest['vouch'], string[]?][] = [
      ['APPROVAL_BAD_SIGNATURE', { approvals: [{ requestDigest: digest, sshsig: forged }] }],
      ['APPROVAL_UNKNOWN_KEY', { approvals: [approvalOf(mallory, digest)] }],
      ['APPROVAL_WRONG_NAMESPACE', { approvals: [approvalOf(alice, digest, 'file')] }],
      // Replayed from another request, as it was...
      ['APPROVAL_WRONG_REQUEST', { approvals: [approvalOf(alice, otherDigest)] }],
      // ...and relabelled as this request's.
      ['APPROVAL_BAD_SIGNATURE', { approvals: [{ requestDigest: digest, sshsig: approvalOf(alice, otherDigest).sshsig }] }],
      ['APPROVAL_KEY_EXPIRED', { approvals: [good] }, [allowedSigner('alice@example.org', alice, 'namespaces="airsign-request",valid-before="20200101"')]],
      ['APPROVAL_KEY_EXPIRED', { approvals: [good] }, [allowedSigner('alice@example.org', alice, 'valid-after="29990101Z"')]],
      ['APPROVAL_WRONG_NAMESPACE', { approvals: [good] }, [allowedSigner('alice@example.org', alice, 'namespaces="git"')]],
      ['APPROVAL_MALFORMED', { approvals: [{ requestDigest: digest, sshsig: new Uint8Array([1, 2, 3]) }] }],
      ['APPROVAL_MISSING', undefined],
    ];
    for (const [code, vouch, of] of cases) {
      const v = judge({ ...request, ...(vouch === undefined ? {} : { vouch }) }, 1, of);
      expect(v.refusal?.reason, code).toBe(code);
    }
  });

  it('count distinct pinned keys: the same approver twice is one (APPROVAL_DUPLICATE_SIGNER), an unpinned one none', () => {
    const request = requestOf([apkItem('org.example.app', 1), apkItem('org.example.app', 2)]);
    const digest = approvalDigest(request);
    const twice = judge({ ...request, vouch: { approvals: [approvalOf(alice, digest), approvalOf(alice, digest)] } }, 2);
    expect(twice.approvers).toHaveLength(1);
    expect(twice.refusal?.reason).toBe('APPROVAL_DUPLICATE_SIGNER');
    const withStranger = judge({ ...request, vouch: { approvals: [approvalOf(alice, digest), approvalOf(mallory, digest)] } }, 2);
    expect(withStranger.refusal?.reason).toBe('APPROVAL_UNKNOWN_KEY');
    const two = checkVouch(policyWith({ approvals: { min: 2, of: pinned() } }), { ...request, vouch: { approvals: [approvalOf(alice, digest), approvalOf(carol, digest)] } }, digest, now());
    // Approvals are per request: every item has them.
    expect(two.items.map((i) => [i.refusal, i.approvers.length])).toEqual([[undefined, 2], [undefined, 2]]);
  });

  it('attaching approvals does not change the approval digest they sign', () => {
    const request = requestOf([apkItem('org.example.app', 1)]);
    const digest = approvalDigest(request);
    expect(approvalDigest({ ...request, vouch: { approvals: [approvalOf(alice, digest)] } })).toEqual(digest);
  });
});

describe('security-key approvals (sk-ssh-ed25519@openssh.com)', () => {
  // No FIDO token here: the signature is made to OpenSSH's format (PROTOCOL.u2f) with a software Ed25519 key.
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  const keyBlob = concatBytes(sshString('sk-ssh-ed25519@openssh.com'), sshString(raw), sshString('ssh:'));
  const line = `dana@example.org sk-ssh-ed25519@openssh.com ${Buffer.from(keyBlob).toString('base64')}`;

  function skApproval(digest: Uint8Array, flags: number) {
    const signed = sshsigSignedData('airsign-request', 'sha512', createHash('sha512').update(digest).digest());
    const tail = Buffer.alloc(5);
    tail[0] = flags;
    tail.writeUInt32BE(7, 1);
    const sig = sign(null, Buffer.concat([createHash('sha256').update('ssh:').digest(), tail, createHash('sha256').update(signed).digest()]), privateKey);
    const sigBlob = concatBytes(sshString('sk-ssh-ed25519@openssh.com'), sshString(sig), tail);
    const blob = concatBytes(utf8('SSHSIG'), new Uint8Array([0, 0, 0, 1]), sshString(keyBlob), sshString('airsign-request'), sshString(''), sshString('sha512'), sshString(sigBlob));
    return { requestDigest: digest, sshsig: blob };
  }

  it('verify with user presence, and refuse without it (APPROVAL_NO_TOUCH) unless no-touch-required', () => {
    const digest = approvalDigest(requestOf([apkItem('org.example.app', 1)]));
    const signer = parseAllowedSigner(line);
    expect(verifyApprovals([skApproval(digest, 0x01)], digest, [signer], now()).approvers).toHaveLength(1);
    expect(verifyApprovals([skApproval(digest, 0x00)], digest, [signer], now()).rejections.map((r) => r.code)).toEqual(['APPROVAL_NO_TOUCH']);
    expect(verifyApprovals([skApproval(digest, 0x00)], digest, [parseAllowedSigner(`dana@example.org no-touch-required ${line.split(' ').slice(1).join(' ')}`)], now()).approvers).toHaveLength(1);
    const other = approvalDigest(requestOf([apkItem('org.example.app', 2)]));
    expect(verifyApprovals([{ ...skApproval(other, 0x01), requestDigest: digest }], digest, [signer], now()).rejections.map((r) => r.code)).toEqual(['APPROVAL_BAD_SIGNATURE']);
  });
});
