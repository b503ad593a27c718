/** What a submitted file is: its kind names the engine that reads it; that engine says what it holds. */
import type { ArtifactFacts } from '../store/index.ts';
import type { PipelineParts } from './parts.ts';

export async function inspectSubmitted(parts: Pick<PipelineParts, 'engines' | 'identify'>, file: string, fileName: string): Promise<ArtifactFacts> {
  const kind = await parts.identify(file, fileName);
  return parts.engines[kind].inspect(file, fileName);
}
