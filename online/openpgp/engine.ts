/**
 * The engine of the `openpgp` kind (protocol/kinds/openpgp.ts) as the pipeline uses it: prepare
 * hashes the file into the item (its hash state, SHA-256, size) with the signature's creation
 * time; assemble rebuilds the very signature the signer made (the same protocol/openpgp code: the
 * key's OpenPGP form from the pinned certificate at its OpenPGP creation time, the trailer, the
 * finished hash), puts the returned signature in its packet and writes it armored; verify checks
 * that `.asc` over the file with node:crypto. The signed file is `<file>.asc`, published as is.
 */
import { readFile, stat } from 'node:fs/promises';
import { writeFileDurable } from '../../node/durable.ts';
import { armoredSignature, binarySignature, fingerprint, finishDetachedHash, openPgpKeyFromSpki, signaturePacket } from '../../protocol/openpgp/index.ts';
import type { OpenPgpPublicKey } from '../../protocol/openpgp/index.ts';
import { certificateFields } from '../../protocol/signing/index.ts';
import type { ArtifactEngine } from '../pipeline/index.ts';
import type { ArtifactFacts, PinnedCertificate } from '../store/index.ts';
import { PRIVATE_FILE } from '../store/index.ts';
import { OpenPgpError } from './errors.ts';
import { hashFileForSignature } from './hash-file.ts';
import { verifyDetached } from './verify-detached.ts';

/** The pinned key's OpenPGP form at `created`. */
export function openPgpKeyOfPin(pin: PinnedCertificate, created: number): OpenPgpPublicKey {
  return openPgpKeyFromSpki(certificateFields(pin.der).subjectPublicKeyInfo, created);
}

function keyCreatedOf(pin: PinnedCertificate): number {
  if (pin.openpgpCreated === undefined) throw new OpenPgpError('KEY_NOT_MATCHED', `certificate ${pin.label} has no OpenPGP form pinned: give its exported OpenPGP certificate with "airsign openpgp sign --key key.asc"`);
  return pin.openpgpCreated;
}

/** `now` in milliseconds: the signature's creation time is taken from it when the file is prepared. */
export function openPgpEngine(now: () => number = Date.now): ArtifactEngine {
  return {
    concurrency: 2,

    async inspect(file, fileName): Promise<ArtifactFacts> {
      const { size } = await stat(file);
      return { kind: 'openpgp', name: fileName, versionCode: 0, versionName: `${size} bytes` };
    },

    async prepare(file, fileName, pin, schemes) {
      if (schemes !== undefined && schemes.join(',') !== 'openpgp') throw new OpenPgpError('BAD_SIGNATURE', `an OpenPGP file is signed with an OpenPGP signature, not ${schemes.join(',')}`);
      const keyCreated = keyCreatedOf(pin);
      const key = openPgpKeyOfPin(pin, keyCreated);
      const { state, sha256 } = await hashFileForSignature(file);
      // Never before the key itself, which gpg would take for a signature from the key's past.
      const created = Math.max(Math.floor(now() / 1000), keyCreated);
      const item = {
        artifact: 'openpgp' as const, name: fileName, size: state.length, sha256, schemes: ['openpgp' as const],
        hashState: { words: [...state.midstate.words], bytes: state.midstate.bytes, tail: state.tail },
        created, keyCreated, keyFingerprint: fingerprint(key),
      };
      const facts: ArtifactFacts = { kind: 'openpgp', name: fileName, versionCode: created, versionName: `${state.length} bytes` };
      return { facts, rounds: [['openpgp']], item, state: {} };
    },

    async assemble(_state, item, pin, signatures, out) {
      if (item.artifact !== 'openpgp') throw new OpenPgpError('BAD_SIGNATURE', `the OpenPGP engine was handed a ${item.artifact} item`);
      const signature = signatures.find((s) => s.scheme === 'openpgp');
      if (signature === undefined || signatures.length !== 1) throw new OpenPgpError('BAD_SIGNATURE', 'an OpenPGP item has one openpgp signature');
      const key = openPgpKeyOfPin(pin, item.keyCreated);
      const state = { midstate: { words: item.hashState.words, bytes: item.hashState.bytes }, tail: item.hashState.tail, length: item.size };
      const { digest } = finishDetachedHash(state, key, item.created);
      const packet = signaturePacket(binarySignature(key, item.created), digest, signature.signature);
      await writeFileDurable(out, armoredSignature(packet), { mode: PRIVATE_FILE });
      return {};
    },

    async verify(file, facts, pin, _schemes, _final, input) {
      if (input === undefined) throw new OpenPgpError('BAD_SIGNATURE', 'the signed file cannot be verified without the file it signs');
      const key = openPgpKeyOfPin(pin, keyCreatedOf(pin));
      const verdict = await verifyDetached(input, new Uint8Array(await readFile(file)), key);
      if (verdict.created !== facts.versionCode && facts.versionCode !== 0) throw new OpenPgpError('BAD_SIGNATURE', `the signature was made at ${verdict.created ?? '?'}, the item asked for ${facts.versionCode}`);
    },

    signedName: (fileName) => `${fileName}.asc`,
  };
}
