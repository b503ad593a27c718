/**
 * Which outside verifiers are installed: the pipeline runs apksigner and jarsigner where they
 * are and skips them where not, so the page claims only the checks that ran.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface OutsideTools {
  readonly apksigner: boolean;
  readonly jarsigner: boolean;
}

function onPath(tool: string): boolean {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

export function findOutsideTools(): OutsideTools {
  return { apksigner: onPath('apksigner'), jarsigner: onPath('jarsigner') };
}
