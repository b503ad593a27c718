/**
 * Every round of an artifact with one Signer, start to finish: prepare, build what is signed,
 * sign, assemble, and again for a second round. For tests, benchmarks and local signing; the
 * pipeline runs the same steps with the QR link in the middle.
 */
import { rmSync } from 'node:fs';
import { buildToBeSigned, certificateSha256 } from '../../protocol/signing/index.ts';
import type { Signer } from '../../protocol/signing/index.ts';
import { assembleArtifact } from './assemble.ts';
import type { ArtifactInfo } from './artifact-info.ts';
import { prepareArtifact } from './prepare.ts';
import type { PrepareOptions, PreparedRound } from './prepare.ts';
import type { ItemFields } from './state.ts';

export interface SignArtifactResult {
  readonly info: ArtifactInfo;
  /** The item of each round, as it would cross the link. */
  readonly items: readonly ItemFields[];
}

export async function signArtifact(inputPath: string, outPath: string, options: PrepareOptions & { readonly signer: Signer }): Promise<SignArtifactResult> {
  const fingerprint = certificateSha256(options.certificateDer);
  let round: PreparedRound = await prepareArtifact(inputPath, options);
  const items: ItemFields[] = [];
  const temporary: string[] = [];
  try {
    for (;;) {
      items.push(round.item);
      const tbs = buildToBeSigned(round.item, options.certificateDer);
      const signatures = await options.signer.sign(fingerprint, tbs);
      const last = round.state.round + 1 === round.state.rounds.length;
      const target = last ? outPath : `${outPath}.round${round.state.round + 1}`;
      if (!last) temporary.push(target);
      const result = await assembleArtifact(round.state, round.item, tbs.map((t, i) => ({ scheme: t.scheme, method: t.method, signature: signatures[i]! })), target);
      if (result.done) return { info: round.info, items };
      round = result.next;
    }
  } finally {
    for (const path of temporary) rmSync(path, { force: true });
  }
}
