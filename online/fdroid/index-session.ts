/**
 * `airsign fdroid index`: after `fdroid update --nosign`, checks the index as signindex would,
 * builds entry.jar and index-v1.jar as signindex lays them out, and makes the signing request with
 * the pinned repository certificate, so `show`, `sign` and `receive` follow as for any request.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineParts } from '../pipeline/index.ts';
import { requestSigning } from '../session/index.ts';
import type { RequestResult } from '../session/index.ts';
import { checkIndex } from './index-check.ts';
import type { IndexSummary } from './index-check.ts';
import { indexJarBytes } from './index-jar-layout.ts';
import { sha256Hex } from './jar-json.ts';
import { repoLayout } from './repo-layout.ts';
import { loadRepoPin } from './repo-pins.ts';
import { recordPlan } from './session-marker.ts';

export interface IndexRequest extends RequestResult {
  readonly summary: IndexSummary;
}

export async function requestIndexSigning(root: string, sessionDir: string, parts: PipelineParts, log: (line: string) => void): Promise<IndexRequest> {
  const layout = repoLayout(root);
  const pin = await loadRepoPin(layout);
  const summary = checkIndex(layout);
  for (const line of summary.stale) log(line);
  await mkdir(layout.staging, { recursive: true });
  const jars: string[] = [];
  for (const file of summary.files) {
    const jar = join(layout.staging, file.jarName);
    await writeFile(jar, indexJarBytes(file.jsonPath, file.jsonName, file.bytes));
    jars.push(jar);
  }
  const result = await requestSigning({ dir: sessionDir, files: jars, pins: [pin], parts, log });
  await recordPlan(sessionDir, layout.root, { indexJars: summary.files.map((f) => ({ jarName: f.jarName, jsonName: f.jsonName, jsonSha256: sha256Hex(f.bytes) })) });
  return { ...result, summary };
}
