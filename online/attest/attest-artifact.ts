/**
 * `airsign attest`'s core: prepares the artifact exactly as `airsign request` does (the same
 * prepareArtifact, with the signing certificate, which picks the content digest algorithm, and
 * the same choice of schemes), and signs an in-toto Statement v1 of it in a DSSE envelope.
 */
import { basename } from 'node:path';
import { IN_TOTO_PAYLOAD_TYPE, pae, predicateFor, statementBytes } from '../../protocol/attest/index.ts';
import type { DsseEnvelope, SigningDigestsPredicate } from '../../protocol/attest/index.ts';
import type { AndroidScheme as Scheme } from '../../protocol/kinds/index.ts';
import { prepareArtifact } from '../apk/index.ts';
import type { DsseSigner } from './rebuilder-key.ts';

export interface AttestOptions {
  readonly certificateDer: Uint8Array;
  readonly source: string;
  readonly schemes?: readonly Scheme[];
}

export interface Attested {
  readonly envelope: DsseEnvelope;
  readonly predicate: SigningDigestsPredicate;
  readonly sha256: Uint8Array;
}

export async function attestArtifact(path: string, signer: DsseSigner, options: AttestOptions): Promise<Attested> {
  const prepared = await prepareArtifact(path, { certificateDer: options.certificateDer, ...(options.schemes === undefined ? {} : { schemes: options.schemes }) });
  const predicate = predicateFor(prepared.item, prepared.state.rounds.length, options.source);
  const payload = statementBytes(basename(path), prepared.item.sha256, predicate);
  const sig = await signer.sign(pae(IN_TOTO_PAYLOAD_TYPE, payload));
  return { envelope: { payloadType: IN_TOTO_PAYLOAD_TYPE, payload, signatures: [{ keyid: signer.keyid, sig }] }, predicate, sha256: prepared.item.sha256 };
}
