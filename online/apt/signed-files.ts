/**
 * The two files apt reads, from the item and the signer's two raw signatures: InRelease (the
 * Release text, cleartext-signed with the text signature) and Release.gpg (the armored binary
 * signature over the Release file's bytes). The hashed parts are rebuilt with the same protocol/
 * code the signer signed from; the signatures were checked against the pinned certificate before.
 */
import { ARMOR, armor, cleartextMessage, signaturePacket } from '../../protocol/openpgp/index.ts';
import { aptReleaseSignatures, releaseText } from '../../protocol/kinds/index.ts';
import type { AptReleaseItem } from '../../protocol/kinds/index.ts';
import type { ItemSignature } from '../../protocol/messages/index.ts';
import { buildToBeSigned } from '../../protocol/signing/index.ts';
import { sha256 } from '../../protocol/hash.ts';
import { AptError } from './errors.ts';

export interface ReleaseSignedFiles {
  readonly inRelease: string;
  readonly releaseGpg: string;
}

export function releaseSignedFiles(item: Omit<AptReleaseItem, 'key'>, certificateDer: Uint8Array, signatures: readonly ItemSignature[]): ReleaseSignedFiles {
  const { text, binary } = aptReleaseSignatures(item, certificateDer);
  const tbs = buildToBeSigned(item, certificateDer);
  const packetOf = (scheme: 'openpgp-text' | 'openpgp-binary', unsigned: typeof text) => {
    const signature = signatures.find((s) => s.scheme === scheme);
    const data = tbs.find((t) => t.scheme === scheme)?.data;
    if (signature === undefined || data === undefined) throw new AptError('MISSING_SIGNATURE', `no ${scheme} signature in the answer`);
    return signaturePacket(unsigned, sha256(data), signature.signature);
  };
  return {
    inRelease: cleartextMessage(releaseText(item), packetOf('openpgp-text', text)),
    releaseGpg: armor(ARMOR.signature, packetOf('openpgp-binary', binary)),
  };
}
