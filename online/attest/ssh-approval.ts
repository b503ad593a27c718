/**
 * An approval made with the approver's own SSH key: `ssh-keygen -Y sign -n airsign-request -f KEY`
 * over the request's approval digest (its 32 bytes), so a FIDO key (sk-ssh-ed25519) asks for its
 * touch on the terminal. Or an approval signed elsewhere, read from its .sig file.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPROVAL_NAMESPACE, parseSshSignature, unarmorSshSignature } from '../../protocol/attest/index.ts';
import type { CarriedApproval } from '../../protocol/attest/index.ts';
import { AttestError } from './errors.ts';

export function approvalFromSignature(armored: string, digest: Uint8Array): CarriedApproval {
  let sshsig: Uint8Array;
  try {
    sshsig = unarmorSshSignature(armored);
    const sig = parseSshSignature(sshsig);
    if (sig.namespace !== APPROVAL_NAMESPACE) throw new AttestError('APPROVE_SIGNATURE', `the signature is in namespace "${sig.namespace}", not ${APPROVAL_NAMESPACE} (sign with -n ${APPROVAL_NAMESPACE})`);
  } catch (cause) {
    if (cause instanceof AttestError) throw cause;
    throw new AttestError('APPROVE_SIGNATURE', `not an SSH signature: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  return { requestDigest: new Uint8Array(digest), sshsig };
}

export async function signApproval(keyFile: string, digest: Uint8Array): Promise<CarriedApproval> {
  const dir = await mkdtemp(join(tmpdir(), 'airsign-approve-'));
  try {
    const message = join(dir, 'request-digest');
    await writeFile(message, digest, { mode: 0o600 });
    const status = await new Promise<number>((resolve, reject) => {
      const child = spawn('ssh-keygen', ['-Y', 'sign', '-n', APPROVAL_NAMESPACE, '-f', keyFile, message], { stdio: ['inherit', 'ignore', 'inherit'] });
      child.on('error', (e) => reject(new AttestError('APPROVE_SSH_KEYGEN', `cannot run ssh-keygen: ${e.message}`, { cause: e })));
      child.on('exit', (code) => resolve(code ?? 1));
    });
    if (status !== 0) throw new AttestError('APPROVE_SSH_KEYGEN', `ssh-keygen -Y sign failed (exit ${status})`);
    return approvalFromSignature(await readFile(`${message}.sig`, 'utf8'), digest);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
