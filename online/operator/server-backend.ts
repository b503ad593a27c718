/**
 * The operator page over `airsign serve`'s own spool: a response goes through the same intake as
 * POST /v1/responses, then the page waits for the pipeline to check, assemble and verify it.
 */
import type { PipelineContext, PipelineDriver } from '../pipeline/index.ts';
import { takeResponse } from '../pipeline/index.ts';
import { pinCertificate } from '../store/index.ts';
import { pinScanned } from './pin-scanned.ts';
import type { PinnedView, ProgressView, RequestView, ResponseOutcome } from '../pages/operator/view.ts';
import type { OperatorBackend } from './backend.ts';
import type { OutsideTools } from './outside-tools.ts';
import { artifactResult, failedCount, lastOutcome, openRequests, progressOf, withOutputFacts } from './views.ts';

export class ServerBackend implements OperatorBackend {
  readonly title: string;

  constructor(
    private readonly ctx: PipelineContext,
    private readonly driver: PipelineDriver,
    private readonly tools: OutsideTools,
    /** The operator's name from the client certificate, for the event log. */
    private readonly by: string,
  ) {
    this.title = `signing server, operator ${by}`;
  }

  openRequests(): Promise<RequestView[]> {
    return openRequests(this.ctx.spool);
  }

  async takeResponse(transfer: Uint8Array): Promise<ResponseOutcome> {
    const taken = await this.ctx.exclusive(() => takeResponse(this.ctx, transfer));
    await this.ctx.spool.logEvent({ kind: 'response', session: taken.session.id, by: this.by, via: 'operator page', signed: taken.signed, refused: taken.refused });
    this.driver.kick();
    await this.driver.idle();
    const session = this.ctx.spool.session(taken.session.id) ?? taken.session;
    const artifacts = session.members.map((m) => this.ctx.spool.artifact(m.artifactId)).filter((a) => a !== undefined);
    return {
      session: session.id,
      signed: taken.signed,
      refused: taken.refused,
      ...(session.response === undefined ? {} : { audit: session.response.audit }),
      artifacts: await withOutputFacts(artifacts.map((a) => artifactResult(a, session.id, this.tools)), this.ctx.spool.layout.root),
      requests: await this.openRequests(),
      taken: true,
    };
  }

  async history(): Promise<{ last?: ResponseOutcome; failed: number }> {
    const last = await lastOutcome(this.ctx.spool, this.tools);
    return { ...(last === undefined ? {} : { last }), failed: failedCount(this.ctx.spool) };
  }

  pinCertificate(transfer: Uint8Array): Promise<PinnedView> {
    return pinScanned(transfer, this.ctx.parts, (pin) => pinCertificate(this.ctx.spool.layout.root, pin));
  }

  progress(): Promise<ProgressView> {
    return Promise.resolve({ artifacts: progressOf(this.ctx.spool) });
  }
}
