/**
 * The online side's half of a detached signature: one pass over the file gives its SHA-256 (shown
 * to the operator) and the SHA-256 state after its last whole 64-byte block with the tail
 * (protocol/openpgp/detached.ts), which is all of the file that crosses.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Sha256State } from '../../protocol/openpgp/index.ts';
import type { FileHashState } from '../../protocol/openpgp/index.ts';

export async function hashFileForSignature(path: string): Promise<{ state: FileHashState; sha256: Uint8Array }> {
  const resumable = Sha256State.fresh();
  const plain = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    resumable.update(chunk as Buffer);
    plain.update(chunk as Buffer);
  }
  const { state, tail } = resumable.midstate();
  return { state: { midstate: state, tail, length: state.bytes + tail.length }, sha256: new Uint8Array(plain.digest()) };
}
