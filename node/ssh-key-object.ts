/** An OpenSSH public key as a node:crypto key (security keys' Ed25519 too: the application is checked apart). */
import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { SshPublicKey } from '../protocol/attest/index.ts';

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const b64url = (b: Uint8Array) => Buffer.from(b).toString('base64url');

export function sshKeyObject(key: SshPublicKey): KeyObject {
  switch (key.type) {
    case 'ssh-ed25519':
    case 'sk-ssh-ed25519@openssh.com':
      return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, key.ed25519]), format: 'der', type: 'spki' });
    case 'ecdsa-sha2-nistp256':
      return createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(key.point.subarray(1, 33)), y: b64url(key.point.subarray(33, 65)) }, format: 'jwk' });
    case 'ssh-rsa':
      return createPublicKey({ key: { kty: 'RSA', n: b64url(key.n), e: b64url(key.e) }, format: 'jwk' });
  }
}
