/**
 * `airsign verify --key key.asc <file.asc|file.sig> [<file>]`: a detached OpenPGP signature checked
 * by our verifier (online/openpgp) over the file, by the key of the OpenPGP certificate; as gpg
 * --verify, the signed file is the signature's name less ".asc" or ".sig" unless given.
 */
import { readFile, stat } from 'node:fs/promises';
import type { CommandContext } from '../../../protocol/cli/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { readOpenPgpKeyFile, verifyDetached } from '../../openpgp/index.ts';

export function signedFileOf(signature: string, given: string | undefined): string {
  if (given !== undefined) return given;
  const m = /^(.+)\.(asc|sig)$/.exec(signature);
  if (m === null) throw new ProtocolError('USAGE', `${signature} does not end in .asc or .sig: give the signed file after it`);
  return m[1]!;
}

export async function verifyOpenPgp(ctx: CommandContext, keyPath: string): Promise<number> {
  const [signature, given] = ctx.positionals as [string, string | undefined];
  const file = signedFileOf(signature, given);
  const size = (await stat(file)).size;
  const key = readOpenPgpKeyFile(new Uint8Array(await readFile(keyPath)));
  const verdict = await verifyDetached(file, new Uint8Array(await readFile(signature)), key.key);
  ctx.out(`openpgp: verified`);
  ctx.out(`signed file: ${file} (${size} bytes)`);
  ctx.out(`signature created: ${verdict.created === undefined ? '(not said)' : new Date(verdict.created * 1000).toISOString().replace('.000Z', 'Z')}`);
  ctx.out(`hash: ${verdict.hash.toUpperCase().replace('SHA', 'SHA-')}`);
  ctx.out(`key fingerprint: ${verdict.fingerprint}`);
  ctx.out('verified');
  return 0;
}
