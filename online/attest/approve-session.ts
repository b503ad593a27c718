/**
 * `airsign approve`: the open requests of a session directory, each shown and, once the approver
 * says so, approved (an SSH signature over its approval digest) and the approval attached to the
 * request file. The digest is checked against the one the session recorded, so a request file
 * swapped on disk is not approved.
 */
import { toHex } from '../../protocol/bytes.ts';
import { approvalDigest } from '../../protocol/attest/index.ts';
import type { CarriedApproval } from '../../protocol/attest/index.ts';
import { Spool } from '../store/index.ts';
import { approvalLines } from './approval-view.ts';
import { AttestError } from './errors.ts';
import { attachToRequestFile, readRequestFile } from './request-file.ts';

export interface ApproveOptions {
  readonly dir: string;
  /** Shows a request and says whether to approve it. */
  readonly confirm: (lines: readonly string[]) => Promise<boolean>;
  readonly approve: (digest: Uint8Array) => Promise<CarriedApproval>;
  /** Only the request whose approval digest starts with this (hex). */
  readonly digestPrefix?: string;
}

export async function approveSession(options: ApproveOptions): Promise<{ approved: string[]; declined: string[] }> {
  const spool = await Spool.openReadOnly(options.dir);
  const open = spool.sessions().filter((s) => s.state === 'open' && s.requestDigest !== undefined && (options.digestPrefix === undefined || s.requestDigest.startsWith(options.digestPrefix.toLowerCase())));
  if (open.length === 0) throw new AttestError('APPROVE_NO_REQUEST', `no open request${options.digestPrefix === undefined ? '' : ` with digest ${options.digestPrefix}…`} in ${options.dir} (see "airsign status ${options.dir}")`);
  const approved: string[] = [];
  const declined: string[] = [];
  for (const session of open) {
    const path = spool.layout.sessionRequest(session.id);
    const request = await readRequestFile(path);
    const digest = approvalDigest(request);
    if (toHex(digest) !== session.requestDigest) throw new AttestError('APPROVE_NO_REQUEST', `${path} is not the request session ${session.id} recorded (digest ${toHex(digest).slice(0, 16)}…, recorded ${session.requestDigest!.slice(0, 16)}…)`);
    if (!(await options.confirm(approvalLines(request, digest)))) {
      declined.push(toHex(digest));
      continue;
    }
    await attachToRequestFile(path, { approvals: [await options.approve(digest)] });
    approved.push(toHex(digest));
  }
  return { approved, declined };
}

