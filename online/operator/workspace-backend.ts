/**
 * The operator page over a one-person session directory: the same receive core as `airsign
 * receive` takes responses in, so the page and the command line do exactly the same work.
 */
import { basename, resolve } from 'node:path';
import type { PipelineParts } from '../pipeline/index.ts';
import { installSigned } from '../fdroid/index.ts';
import { receiveResponse } from '../session/index.ts';
import { Spool, pinCertificate } from '../store/index.ts';
import { pinScanned } from './pin-scanned.ts';
import type { PinnedView, ProgressView, RequestView, ResponseOutcome } from '../pages/operator/view.ts';
import type { OperatorBackend } from './backend.ts';
import type { OutsideTools } from './outside-tools.ts';
import { artifactResult, failedCount, lastOutcome, openRequests, progressOf, withOutputFacts } from './views.ts';

export class WorkspaceBackend implements OperatorBackend {
  readonly title: string;

  constructor(
    private readonly dir: string,
    private readonly parts: PipelineParts,
    private readonly tools: OutsideTools,
    private readonly log: (line: string) => void,
  ) {
    this.title = `session ${basename(resolve(dir))}`;
  }

  async openRequests(): Promise<RequestView[]> {
    // Read-only: no lock, so `airsign status` or `receive` may run beside the page.
    return openRequests(await Spool.openReadOnly(this.dir));
  }

  async takeResponse(transfer: Uint8Array): Promise<ResponseOutcome> {
    const result = await receiveResponse(this.dir, transfer, this.parts, this.log);
    // A session of `airsign fdroid`: the signed files go into the repository's repo/, as `receive` puts them.
    const installed = await installSigned(this.dir, this.log);
    for (const line of installed?.stale ?? []) this.log(line);
    const session = result.session;
    const results = session.response?.results ?? [];
    const signed = results.filter((r) => r.status === 'signed').length;
    return {
      session: session.id,
      signed,
      refused: results.length - signed,
      ...(session.response === undefined ? {} : { audit: session.response.audit }),
      artifacts: await withOutputFacts(result.artifacts.map((a) => artifactResult(a, session.id, this.tools)), resolve(this.dir)),
      requests: await this.openRequests(),
      taken: result.taken,
    };
  }

  async history(): Promise<{ last?: ResponseOutcome; failed: number }> {
    const spool = await Spool.openReadOnly(this.dir);
    const last = await lastOutcome(spool, this.tools);
    return { ...(last === undefined ? {} : { last }), failed: failedCount(spool) };
  }

  pinCertificate(transfer: Uint8Array): Promise<PinnedView> {
    return pinScanned(transfer, this.parts, (pin) => pinCertificate(this.dir, pin));
  }

  async progress(): Promise<ProgressView> {
    return { artifacts: progressOf(await Spool.openReadOnly(this.dir)) };
  }
}
