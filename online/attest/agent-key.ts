/**
 * A rebuilder key held by an SSH agent (SSH_AUTH_SOCK): DSSE signatures through the agent
 * protocol's sign request (draft-miller-ssh-agent §3.6), so the key never leaves the agent (or
 * the FIDO-less hardware behind it). ssh-ed25519 gives the raw Ed25519 signature, as DSSE wants;
 * ecdsa-sha2-nistp256 gives r and s, written here as DER; ssh-rsa is asked for rsa-sha2-256
 * (PKCS#1 v1.5 over SHA-256). The policy pins the key as its OpenSSH public key line.
 */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { readFile } from 'node:fs/promises';
import { concatBytes } from '../../protocol/bytes.ts';
import { fromBase64, parseSshPublicKey } from '../../protocol/attest/index.ts';
import { SshReader, sshString } from '../../protocol/attest/ssh-wire.ts';
import { sshKeyObject } from '../../node/ssh-key-object.ts';
import { AttestError } from './errors.ts';
import type { DsseSigner } from './rebuilder-key.ts';

const SIGN_REQUEST = 13;
const SIGN_RESPONSE = 14;
const RSA_SHA2_256 = 2;

function derInteger(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  let v = magnitude.subarray(i);
  if ((v[0]! & 0x80) !== 0) v = concatBytes(new Uint8Array([0]), v);
  return concatBytes(new Uint8Array([0x02, v.length]), v);
}

/** One request, one answer, on a fresh connection. */
async function agentCall(socket: string, body: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const conn = connect(socket);
    const chunks: Buffer[] = [];
    const fail = (message: string) => {
      conn.destroy();
      reject(new AttestError('ATTEST_KEY', message));
    };
    conn.setTimeout(120_000, () => fail('the SSH agent did not answer'));
    conn.on('error', (e) => fail(`cannot reach the SSH agent at ${socket}: ${e.message}`));
    conn.on('data', (d: Buffer) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      if (all.length >= 4 && all.length >= 4 + all.readUInt32BE(0)) {
        conn.end();
        resolve(new Uint8Array(all.subarray(4, 4 + all.readUInt32BE(0))));
      }
    });
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length);
    conn.write(Buffer.concat([length, body]));
  });
}

export async function agentDsseSigner(publicKeyFile: string, socket = process.env.SSH_AUTH_SOCK): Promise<DsseSigner> {
  if (socket === undefined || socket === '') throw new AttestError('ATTEST_KEY', 'no SSH agent: SSH_AUTH_SOCK is not set');
  const line = (await readFile(publicKeyFile, 'utf8')).trim();
  const b64 = line.split(/\s+/)[1];
  if (b64 === undefined) throw new AttestError('ATTEST_KEY', `${publicKeyFile} is not an OpenSSH public key line`);
  const blob = fromBase64(b64);
  const key = parseSshPublicKey(blob);
  if (key.type.startsWith('sk-')) throw new AttestError('ATTEST_KEY', 'a security key cannot make a DSSE signature (it signs its own format): use an ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa key');
  const spki = sshKeyObject(key).export({ type: 'spki', format: 'der' });
  const keyid = `sha256:${createHash('sha256').update(spki).digest('hex')}`;
  const sign = async (data: Uint8Array): Promise<Uint8Array> => {
    const flags = new Uint8Array(4);
    if (key.type === 'ssh-rsa') flags[3] = RSA_SHA2_256;
    const answer = await agentCall(socket, concatBytes(new Uint8Array([SIGN_REQUEST]), sshString(blob), sshString(data), flags));
    if (answer[0] !== SIGN_RESPONSE) throw new AttestError('ATTEST_KEY', `the SSH agent refused to sign (answer ${answer[0] ?? 'empty'}): is the key added (ssh-add)?`);
    const outer = new SshReader(answer.subarray(1), 'the agent\'s answer');
    const sig = new SshReader(outer.string(), 'the agent\'s signature');
    const type = sig.text();
    const bytes = sig.string();
    if (key.type === 'ecdsa-sha2-nistp256') {
      const rs = new SshReader(bytes, 'an ECDSA signature');
      const r = derInteger(rs.mpint());
      const s = derInteger(rs.mpint());
      return concatBytes(new Uint8Array([0x30, r.length + s.length]), r, s);
    }
    if (key.type === 'ssh-rsa' && type !== 'rsa-sha2-256') throw new AttestError('ATTEST_KEY', `the SSH agent signed ${type}, not rsa-sha2-256`);
    return bytes;
  };
  return { keyid, publicKey: `${key.type} ${b64}`, sign };
}
