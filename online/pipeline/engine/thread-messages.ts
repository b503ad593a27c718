/** The messages between the pipeline and its engine threads (structured-cloned). */
import type { ArtifactEngine } from '../parts.ts';
import type { AndroidKind } from './apk-engine.ts';

/** One call, on the engine of `kind`. */
export type EngineCall =
  | { readonly id: number; readonly op: 'prepare'; readonly kind: AndroidKind; readonly args: Parameters<ArtifactEngine['prepare']> }
  | { readonly id: number; readonly op: 'assemble'; readonly kind: AndroidKind; readonly args: Parameters<ArtifactEngine['assemble']> }
  | { readonly id: number; readonly op: 'verify'; readonly kind: AndroidKind; readonly args: Parameters<ArtifactEngine['verify']> };

export interface ThreadError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  /** Raised by the operating system (disk full, I/O): not the artifact's fault. */
  readonly system: boolean;
}

export type EngineReply = { readonly id: number; readonly ok: true; readonly value: unknown } | { readonly id: number; readonly ok: false; readonly error: ThreadError };
