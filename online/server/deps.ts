/** What the route handlers share. */
import type { PipelineContext, PipelineDriver } from '../pipeline/index.ts';
import type { ServerConfig } from './config.ts';
import type { SubmitterLimiter } from './limits.ts';

export interface ServerDeps {
  readonly config: ServerConfig;
  /** The pipeline's context: its spool, parts, and the lock every step takes. */
  readonly ctx: PipelineContext;
  readonly driver: PipelineDriver;
  /** Per-submitter connections, uploads in progress and bytes an hour. */
  readonly limiter: SubmitterLimiter;
}
