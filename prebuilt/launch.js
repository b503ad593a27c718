/**
 * Starts a program (`airsign` or `airsign-signer`) from its prebuilt JavaScript (prebuilt/build.js)
 * when that is as new as every source file it was built from, and otherwise builds it first
 * (about a second) and starts the new build. AIRSIGN_FROM_SOURCE=1 runs the TypeScript sources
 * through tsx instead, as before; so does a checkout where the build fails (esbuild missing), with
 * a one-line warning.
 */
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OUT, buildProgram, freshEntry } from './build.js';

const ROOT = join(import.meta.dirname, '..');

async function programMain(name, sourceEntry) {
  if (process.env.AIRSIGN_FROM_SOURCE !== '1') {
    let entry = freshEntry(name);
    if (entry === undefined) {
      try {
        entry = join(OUT, (await buildProgram(name)).dir, 'main.mjs');
      } catch (e) {
        process.stderr.write(`${name}: warning: could not build the program (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); running from source\n`);
      }
    }
    if (entry !== undefined) {
      // Where the program's threads find their prebuilt entries (online/pipeline/engine/worker-pool.ts).
      process.env.AIRSIGN_PREBUILT_DIR = dirname(entry);
      return (await import(pathToFileURL(entry).href)).main;
    }
  }
  // From source, threads load the sources too (a prebuilt directory inherited from a parent is not this program's).
  delete process.env.AIRSIGN_PREBUILT_DIR;
  const { register } = await import('tsx/esm/api');
  register();
  return (await import(pathToFileURL(join(ROOT, sourceEntry)).href)).main;
}

/** Runs a program with this process's arguments and sets its exit status. */
export async function launch(name, sourceEntry) {
  const main = await programMain(name, sourceEntry);
  process.exitCode = await main(process.argv.slice(2));
}
