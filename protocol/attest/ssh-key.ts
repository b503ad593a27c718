/** An OpenSSH public key, from its wire blob: the key types an approver may hold. */
import { bytesEqual } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { SshReader } from './ssh-wire.ts';

export const SSH_KEY_TYPES = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa', 'sk-ssh-ed25519@openssh.com'] as const;
export type SshKeyType = (typeof SSH_KEY_TYPES)[number];

export type SshPublicKey =
  | { readonly type: 'ssh-ed25519'; readonly blob: Uint8Array; readonly ed25519: Uint8Array }
  | { readonly type: 'sk-ssh-ed25519@openssh.com'; readonly blob: Uint8Array; readonly ed25519: Uint8Array; readonly application: string }
  | { readonly type: 'ecdsa-sha2-nistp256'; readonly blob: Uint8Array; readonly point: Uint8Array }
  | { readonly type: 'ssh-rsa'; readonly blob: Uint8Array; readonly e: Uint8Array; readonly n: Uint8Array };

export function parseSshPublicKey(blob: Uint8Array): SshPublicKey {
  const r = new SshReader(blob, 'an SSH public key');
  const type = r.text();
  let key: SshPublicKey;
  switch (type) {
    case 'ssh-ed25519':
      key = { type, blob, ed25519: ed25519Key(r.string()) };
      break;
    case 'sk-ssh-ed25519@openssh.com':
      key = { type, blob, ed25519: ed25519Key(r.string()), application: r.text() };
      break;
    case 'ecdsa-sha2-nistp256': {
      if (r.text() !== 'nistp256') throw new ProtocolError('UNSUPPORTED', 'an ecdsa-sha2-nistp256 key names another curve');
      const point = r.string();
      if (point.length !== 65 || point[0] !== 4) throw new ProtocolError('BAD_TYPE', 'a P-256 key is an uncompressed point of 65 bytes');
      key = { type, blob, point };
      break;
    }
    case 'ssh-rsa': {
      const e = r.mpint();
      const n = r.mpint();
      if (n.length < 256) throw new ProtocolError('UNSUPPORTED', `an RSA key of ${n.length * 8} bits; at least 2048`);
      if (n.length > 1024) throw new ProtocolError('TOO_LARGE', 'an RSA key above 8192 bits');
      key = { type, blob, e, n };
      break;
    }
    default:
      throw new ProtocolError('UNSUPPORTED', `SSH key type ${JSON.stringify(type.slice(0, 40))} is not one an approver may use (${SSH_KEY_TYPES.join(', ')})`);
  }
  r.end();
  return key;
}

function ed25519Key(b: Uint8Array): Uint8Array {
  if (b.length !== 32) throw new ProtocolError('BAD_TYPE', 'an Ed25519 key has 32 bytes');
  return b;
}

export function sameSshKey(a: SshPublicKey, b: SshPublicKey): boolean {
  return bytesEqual(a.blob, b.blob);
}
