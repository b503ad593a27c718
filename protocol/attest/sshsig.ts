/**
 * SSHSIG, the signature format of `ssh-keygen -Y sign` (OpenSSH PROTOCOL.sshsig): the blob, its
 * armor, and the bytes its signature covers. Verification (with the platform's crypto) is the
 * offline side's.
 */
import { concatBytes, utf8 } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { fromBase64 } from './dsse.ts';
import { parseSshPublicKey } from './ssh-key.ts';
import type { SshPublicKey } from './ssh-key.ts';
import { SshReader, sshString } from './ssh-wire.ts';

const MAGIC = utf8('SSHSIG');

export interface SshSignature {
  readonly publicKey: SshPublicKey;
  readonly namespace: string;
  readonly hashAlgorithm: 'sha256' | 'sha512';
  /** The signature's own type: "ssh-ed25519", "ecdsa-sha2-nistp256", "rsa-sha2-256", "rsa-sha2-512", "sk-ssh-ed25519@openssh.com". */
  readonly signatureType: string;
  readonly signature: Uint8Array;
  /** For security keys: the authenticator's flags (0x01 user present, 0x04 user verified) and counter. */
  readonly sk?: { readonly flags: number; readonly counter: number };
}

export function parseSshSignature(blob: Uint8Array): SshSignature {
  const r = new SshReader(blob, 'an SSH signature');
  if (!MAGIC.every((b, i) => b === blob[i])) throw new ProtocolError('BAD_MAGIC', 'not an SSH signature (no SSHSIG magic)');
  r.raw(6);
  const version = r.u32();
  if (version !== 1) throw new ProtocolError('UNKNOWN_VERSION', `SSHSIG version ${version}; only 1 is known`);
  const publicKey = parseSshPublicKey(r.string());
  const namespace = r.text();
  r.string(); // reserved
  const hash = r.text();
  if (hash !== 'sha256' && hash !== 'sha512') throw new ProtocolError('UNSUPPORTED', `SSHSIG hash ${JSON.stringify(hash.slice(0, 20))}`);
  const sig = new SshReader(r.string(), 'an SSHSIG signature');
  r.end();
  const signatureType = sig.text();
  const signature = sig.string();
  let sk: { flags: number; counter: number } | undefined;
  if (signatureType.startsWith('sk-')) sk = { flags: sig.u8(), counter: sig.u32() };
  sig.end();
  return { publicKey, namespace, hashAlgorithm: hash, signatureType, signature, ...(sk === undefined ? {} : { sk }) };
}

/** The bytes the key signed, given the hash of the message (for security keys these are hashed once more, by the verifier). */
export function sshsigSignedData(namespace: string, hashAlgorithm: string, messageHash: Uint8Array): Uint8Array {
  return concatBytes(MAGIC, sshString(namespace), sshString(new Uint8Array(0)), sshString(hashAlgorithm), sshString(messageHash));
}

/** The binary blob from `-----BEGIN SSH SIGNATURE-----` armor (or the blob itself, given bytes that are not armor). */
export function unarmorSshSignature(text: string): Uint8Array {
  const m = /-----BEGIN SSH SIGNATURE-----([A-Za-z0-9+/=\s]+)-----END SSH SIGNATURE-----/.exec(text);
  if (m === null) throw new ProtocolError('BAD_MAGIC', 'not an armored SSH signature (-----BEGIN SSH SIGNATURE-----)');
  return fromBase64(m[1]!.replace(/\s+/g, ''));
}
