/**
 * `airsign receive`, the shared core: takes the response in, runs the pipeline until the signed
 * files are in out/ (or a next round's request is written), and reports each artifact of the
 * answered session. After a kill, giving the same response again resumes the work and reports.
 */
import { readFile } from 'node:fs/promises';
import { bytesEqual } from '../../protocol/bytes.ts';
import type { PipelineParts, TakenResponse } from '../pipeline/index.ts';
import { isPipelineError, runUntilIdle, takeResponse } from '../pipeline/index.ts';
import type { ArtifactRecord, SessionRecord } from '../store/index.ts';
import { loadBatchCap, saveBatchCap } from './batch-cap.ts';
import { openRequestsFor, openWorkspace, workspaceContext } from './workspace.ts';

export interface ReceiveResult {
  readonly session: SessionRecord;
  /** False when this response had been taken in before (a re-run after an interruption). */
  readonly taken: boolean;
  readonly artifacts: ArtifactRecord[];
  /** Request files of the next round, for artifacts that need one. */
  readonly nextRequests: string[];
}

/** `maxItems` caps the next rounds' requests (and is recorded); by default the cap `request` recorded. */
export async function receiveResponse(dir: string, response: Uint8Array, parts: PipelineParts, log: (line: string) => void, maxItems?: number): Promise<ReceiveResult> {
  const spool = await openWorkspace(dir, false);
  try {
    if (maxItems !== undefined) await saveBatchCap(dir, maxItems);
    const ctx = workspaceContext(spool, parts, log, await loadBatchCap(dir));
    let taken: TakenResponse | undefined;
    let session: SessionRecord | undefined;
    try {
      taken = await takeResponse(ctx, response);
      session = taken.session;
    } catch (error) {
      // The very same response again (a re-run after an interruption): nothing changes; finish
      // whatever work is pending and report. Any other response to an answered session is refused.
      if (!isPipelineError(error, 'RESPONSE_REPLAYED') || error.session === undefined) throw error;
      const stored = await readFile(spool.layout.sessionResponse(error.session)).catch(() => undefined);
      if (stored === undefined || !bytesEqual(new Uint8Array(stored), response)) throw error;
      session = spool.session(error.session)!;
      log(`this response was taken in before; nothing changed (session ${session.id})`);
    }
    await runUntilIdle(ctx);
    const ids = new Set(session.members.map((m) => m.artifactId));
    return { session: spool.session(session.id)!, taken: taken !== undefined, artifacts: [...ids].map((id) => spool.artifact(id)!), nextRequests: openRequestsFor(spool, ids) };
  } finally {
    await spool.close();
  }
}
