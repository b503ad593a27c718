/**
 * A rebuilder's public key as the policy pins it: the base64 of its SubjectPublicKeyInfo (a PEM
 * body on one line), or an OpenSSH public key line (`ssh-ed25519 AAAA...`, for a key held by an
 * SSH agent; ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa). Its id is "sha256:" and the SHA-256 of the SPKI.
 */
import { createHash, createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { fromBase64, parseSshPublicKey } from '../../protocol/attest/index.ts';
import { sshKeyObject } from '../../node/ssh-key-object.ts';

export interface RebuilderKey {
  readonly id: string;
  readonly name: string;
  readonly key: KeyObject;
  readonly type: 'ed25519' | 'ec' | 'rsa';
  /** Unix seconds after which its attestations no longer count. */
  readonly notAfter?: number;
}

export function spkiId(key: KeyObject): string {
  return `sha256:${createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex')}`;
}

function keyObjectOf(text: string): KeyObject {
  const t = text.trim();
  if (t.startsWith('ssh-') || t.startsWith('ecdsa-')) {
    const b64 = t.split(/\s+/)[1];
    if (b64 === undefined) throw new Error('an OpenSSH key line is "type base64 [comment]"');
    return sshKeyObject(parseSshPublicKey(fromBase64(b64)));
  }
  const body = t.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '');
  return createPublicKey({ key: Buffer.from(body, 'base64'), format: 'der', type: 'spki' });
}

export function rebuilderKey(entry: string | { readonly key: string; readonly name?: string; readonly notAfter?: string }): RebuilderKey {
  const text = typeof entry === 'string' ? entry : entry.key;
  const key = keyObjectOf(text);
  const type = key.asymmetricKeyType;
  if (type !== 'ed25519' && type !== 'ec' && type !== 'rsa') throw new Error(`a rebuilder key of type ${String(type)}; Ed25519, ECDSA P-256 or RSA`);
  if (type === 'ec' && key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('an ECDSA rebuilder key must be on P-256');
  if (type === 'rsa' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw new Error('an RSA rebuilder key must have at least 2048 bits');
  const id = spkiId(key);
  const name = typeof entry === 'string' ? (text.trim().startsWith('ssh-') || text.trim().startsWith('ecdsa-') ? text.trim().split(/\s+/)[2] : undefined) ?? id.slice(0, 23) : entry.name ?? id.slice(0, 23);
  const notAfter = typeof entry === 'string' || entry.notAfter === undefined ? undefined : Date.parse(entry.notAfter) / 1000;
  if (notAfter !== undefined && Number.isNaN(notAfter)) throw new Error('notAfter is an ISO 8601 time');
  return { id, name, key, type, ...(notAfter === undefined ? {} : { notAfter }) };
}
