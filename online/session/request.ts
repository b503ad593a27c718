/**
 * `airsign request`, the shared core: pins the certificate, takes the artifacts in, runs the
 * pipeline until the request is written. Running it again after a kill finds the same artifacts
 * (same bytes, same key) and the same session, and writes no second request for them.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Scheme } from '../../protocol/messages/index.ts';
import type { PipelineParts } from '../pipeline/index.ts';
import { runUntilIdle } from '../pipeline/index.ts';
import { acceptIncoming, checkFileName, copyIntoIncoming } from '../pipeline/submit.ts';
import { certificateFromFile } from '../pins/index.ts';
import { loadPin, savePin } from '../store/index.ts';
import type { ArtifactRecord } from '../store/index.ts';
import { loadBatchCap, saveBatchCap } from './batch-cap.ts';
import { SessionError } from './errors.ts';
import { openRequestsFor, openWorkspace, workspaceContext } from './workspace.ts';

export interface RequestOptions {
  readonly dir: string;
  readonly files: readonly string[];
  /** PEM/DER certificate, or the key ceremony's certificate message file. */
  readonly certFile: string;
  readonly schemes?: readonly Scheme[];
  /** Most items per request (recorded in the directory for later rounds); default: what was recorded, else 100. */
  readonly maxItems?: number;
  readonly parts: PipelineParts;
  readonly log: (line: string) => void;
}

export interface RequestResult {
  /** Request message files to carry to the signer, oldest first. */
  readonly requests: string[];
  readonly artifacts: ArtifactRecord[];
}

export async function requestSigning(options: RequestOptions): Promise<RequestResult> {
  const names = options.files.map((f) => basename(f));
  for (const name of names) checkFileName(name);
  const clash = names.find((n, i) => names.indexOf(n) !== i);
  if (clash !== undefined) throw new SessionError('NAME_CLASH', `two artifacts are named ${clash}; their signed files would land on the same out/ name`);

  const pin = certificateFromFile(new Uint8Array(await readFile(options.certFile)), (b) => options.parts.codec.readMessageFile(b));
  const spool = await openWorkspace(options.dir, true);
  try {
    if (options.maxItems !== undefined) await saveBatchCap(options.dir, options.maxItems);
    const maxItems = await loadBatchCap(options.dir);
    if ((await loadPin(spool.layout, pin.sha256)) === undefined) await savePin(spool.layout, pin);
    const ids = new Set<string>();
    for (const [i, file] of options.files.entries()) {
      const incoming = await copyIntoIncoming(spool, file);
      const { record, duplicate } = await acceptIncoming(spool, incoming, {
        fileName: names[i]!,
        key: pin.sha256,
        ...(options.schemes === undefined ? {} : { schemes: options.schemes }),
        submitter: { name: 'local' },
      });
      if (duplicate) options.log(`${names[i]}: already in this session directory (${record.state})`);
      ids.add(record.id);
    }
    await runUntilIdle(workspaceContext(spool, options.parts, options.log, maxItems));
    const artifacts = [...ids].map((id) => spool.artifact(id)!);
    return { requests: openRequestsFor(spool, ids), artifacts };
  } finally {
    await spool.close();
  }
}
