/**
 * An SSHSIG signature checked with node:crypto, for the key types approvers may hold:
 * ssh-ed25519, ecdsa-sha2-nistp256 (SHA-256, r and s as mpints), ssh-rsa as rsa-sha2-256 or
 * rsa-sha2-512 (PKCS#1 v1.5; SHA-1 "ssh-rsa" signatures are refused), and
 * sk-ssh-ed25519@openssh.com (FIDO: Ed25519 over SHA-256(application) || flags || counter ||
 * SHA-256(signed data)).
 */
import { createHash, verify } from 'node:crypto';
import { sshsigSignedData } from '../../protocol/attest/index.ts';
import type { SshSignature } from '../../protocol/attest/index.ts';
import { SshReader } from '../../protocol/attest/ssh-wire.ts';
import { sshKeyObject } from '../../node/ssh-key-object.ts';

function fixed(b: Uint8Array, size: number): Buffer {
  if (b.length > size) throw new Error('an integer too long');
  return Buffer.concat([Buffer.alloc(size - b.length), b]);
}

/** Whether `sig` signs `message` in `namespace`; false for a signature of the wrong shape. */
export function sshSignatureValid(sig: SshSignature, message: Uint8Array): boolean {
  const hash = createHash(sig.hashAlgorithm).update(message).digest();
  const signed = sshsigSignedData(sig.namespace, sig.hashAlgorithm, hash);
  const key = sshKeyObject(sig.publicKey);
  try {
    switch (sig.publicKey.type) {
      case 'ssh-ed25519':
        return sig.signatureType === 'ssh-ed25519' && verify(null, signed, key, sig.signature);
      case 'ecdsa-sha2-nistp256': {
        if (sig.signatureType !== 'ecdsa-sha2-nistp256') return false;
        const r = new SshReader(sig.signature, 'an ECDSA signature');
        const rs = Buffer.concat([fixed(r.mpint(), 32), fixed(r.mpint(), 32)]);
        r.end();
        return verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, rs);
      }
      case 'ssh-rsa':
        if (sig.signatureType === 'rsa-sha2-256') return verify('sha256', signed, key, sig.signature);
        if (sig.signatureType === 'rsa-sha2-512') return verify('sha512', signed, key, sig.signature);
        return false;
      case 'sk-ssh-ed25519@openssh.com': {
        if (sig.signatureType !== 'sk-ssh-ed25519@openssh.com' || sig.sk === undefined) return false;
        const tail = Buffer.alloc(5);
        tail[0] = sig.sk.flags;
        tail.writeUInt32BE(sig.sk.counter, 1);
        const data = Buffer.concat([createHash('sha256').update(sig.publicKey.application).digest(), tail, createHash('sha256').update(signed).digest()]);
        return verify(null, data, key, sig.signature);
      }
    }
  } catch {
    return false;
  }
}
