/**
 * Our verifier of a detached OpenPGP signature (RFC 4880 section 5.2.4) over a file, with
 * node:crypto: one v4 signature of type 0x00 (binary), by the given key (its algorithm, and its
 * fingerprint where the signature names its issuer), over the file's bytes followed by the
 * signature's trailer, with SHA-256, SHA-384 or SHA-512. gpg and sq are the oracle in the tests.
 */
import { createHash, createVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { bytesEqual, concatBytes, toHex } from '../../protocol/bytes.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { ARMOR, PACKET_TAG, PUBLIC_KEY_ALGORITHM, SIGNATURE_TYPE, SUBPACKET, dearmor, fingerprint, readPackets, readSignature } from '../../protocol/openpgp/index.ts';
import type { OpenPgpPublicKey, ReadSignature } from '../../protocol/openpgp/index.ts';
import { OpenPgpError } from './errors.ts';
import { keyObjectOf } from './key-object.ts';

const HASHES: Record<number, 'sha256' | 'sha384' | 'sha512'> = { 8: 'sha256', 9: 'sha384', 10: 'sha512' };

export interface DetachedVerdict {
  /** The signature's creation time (seconds), from its hashed subpacket. */
  readonly created: number | undefined;
  readonly hash: 'sha256' | 'sha384' | 'sha512';
  /** The key's fingerprint, upper-case hex. */
  readonly fingerprint: string;
}

/** The one signature packet of an `.asc` (armored) or `.sig` (binary) file. */
export function readDetachedSignature(bytes: Uint8Array): ReadSignature {
  try {
    const head = new TextDecoder().decode(bytes.subarray(0, 64));
    const data = head.includes('-----BEGIN') ? dearmor(new TextDecoder().decode(bytes), ARMOR.signature) : bytes;
    const packets = readPackets(data);
    if (packets.length !== 1 || packets[0]!.tag !== PACKET_TAG.signature) throw new OpenPgpError('BAD_SIGNATURE_FILE', `a detached signature file holds one signature packet, this one ${packets.length} packet(s)`);
    return readSignature(packets[0]!.body);
  } catch (error) {
    if (isProtocolError(error)) throw new OpenPgpError('BAD_SIGNATURE_FILE', `not a detached OpenPGP signature: ${error.message}`, { cause: error });
    throw error;
  }
}

function subpacketOf(sig: ReadSignature, type: number): Uint8Array | undefined {
  return sig.hashed.find((s) => s.type === type)?.data;
}

/** An MPI's value at its full width: an MPI drops leading zero octets, node:crypto wants them (RSA: the modulus's length; P-256: 32). */
function padTo(value: Uint8Array, length: number, what: string): Uint8Array {
  if (value.length > length) throw new OpenPgpError('BAD_SIGNATURE', `${what} is longer than ${length} bytes`);
  return concatBytes(new Uint8Array(length - value.length), value);
}

function modulusLength(n: Uint8Array): number {
  let at = 0;
  while (at < n.length && n[at] === 0) at++;
  return n.length - at;
}

/** One pass over the file: the digest (for the signature's two check octets) and node:crypto's verdict. */
async function hashAndVerify(path: string, algorithm: string, trailer: Uint8Array, key: KeyObject, kind: 'rsa' | 'ec', value: Uint8Array): Promise<{ digest: Buffer; ok: boolean }> {
  const hash = createHash(algorithm);
  const verifier = createVerify(algorithm);
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    verifier.update(chunk as Buffer);
  }
  hash.update(trailer);
  verifier.update(trailer);
  let ok: boolean;
  try {
    ok = verifier.verify(kind === 'rsa' ? key : { key, dsaEncoding: 'ieee-p1363' }, value);
  } catch {
    ok = false;
  }
  return { digest: hash.digest(), ok };
}

/** Verifies `signature` over the file at `path` by `key`; throws OpenPgpError BAD_SIGNATURE with the reason. */
export async function verifyDetached(path: string, signature: Uint8Array, key: OpenPgpPublicKey): Promise<DetachedVerdict> {
  const sig = readDetachedSignature(signature);
  const fp = fingerprint(key);
  const refuse = (why: string): never => {
    throw new OpenPgpError('BAD_SIGNATURE', why);
  };
  if (sig.type !== SIGNATURE_TYPE.binary) refuse(`signature type 0x${sig.type.toString(16).padStart(2, '0')} is not a binary document signature (0x00)`);
  const hash = HASHES[sig.hashAlgorithm] ?? refuse(`hash algorithm ${sig.hashAlgorithm} is not SHA-256, SHA-384 or SHA-512`);
  const algorithm = key.kind === 'rsa' ? PUBLIC_KEY_ALGORITHM.rsa : PUBLIC_KEY_ALGORITHM.ecdsa;
  if (sig.publicKeyAlgorithm !== algorithm) refuse(`the signature is of public-key algorithm ${sig.publicKeyAlgorithm}, the key's is ${algorithm}`);
  const issuer = subpacketOf(sig, SUBPACKET.issuerFingerprint) ?? sig.unhashed.find((s) => s.type === SUBPACKET.issuerFingerprint)?.data;
  if (issuer !== undefined && !bytesEqual(issuer.subarray(1), fp)) refuse(`the signature names issuer ${toHex(issuer.subarray(1)).toUpperCase()}, not the key ${toHex(fp).toUpperCase()}`);
  const issuerId = sig.unhashed.find((s) => s.type === SUBPACKET.issuerKeyId)?.data ?? subpacketOf(sig, SUBPACKET.issuerKeyId);
  if (issuerId !== undefined && !bytesEqual(issuerId, fp.subarray(12))) refuse(`the signature names key ID ${toHex(issuerId).toUpperCase()}, not the key's`);
  const length = sig.hashedPart.length;
  const trailer = concatBytes(sig.hashedPart, Uint8Array.of(4, 0xff, length >>> 24, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff));
  const value = key.kind === 'rsa'
    ? padTo(sig.values[0]!, modulusLength(key.n), 'the RSA signature')
    : concatBytes(padTo(sig.values[0]!, 32, 'ECDSA r'), padTo(sig.values[1]!, 32, 'ECDSA s'));
  const { digest, ok } = await hashAndVerify(path, hash, trailer, keyObjectOf(key), key.kind, value);
  if (digest[0] !== sig.left16[0] || digest[1] !== sig.left16[1]) refuse('the file does not match the signature (its hash differs)');
  if (!ok) refuse('the signature does not verify with the key');
  const created = subpacketOf(sig, SUBPACKET.creationTime);
  return { created: created?.length === 4 ? ((created[0]! << 24) | (created[1]! << 16) | (created[2]! << 8) | created[3]!) >>> 0 : undefined, hash, fingerprint: toHex(fp).toUpperCase() };
}

