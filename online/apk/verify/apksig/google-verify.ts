/**
 * Verification by Google's apksig, the outside oracle: through one long-lived helper JVM for the
 * whole process when java, javac and the apksig jar are installed; otherwise (or with
 * AIRSIGN_APKSIG=apksigner) one `apksigner verify` per file, said once on stderr. A helper that dies
 * is started again for the next file; the file it was verifying goes to apksigner.
 */
import { apksignerVerdict } from './apksigner-cli.ts';
import { buildApksigHelper } from './build.ts';
import { ApksigProcess } from './process.ts';
import type { GoogleVerdict, SdkRange } from './verdict.ts';

let helper: Promise<ApksigProcess | undefined> | undefined;
let saidFallback = false;

function fallBack(reason: string): undefined {
  if (!saidFallback) {
    saidFallback = true;
    process.stderr.write(`airsign: ${reason}; verifying with apksigner, one process per file (slower)\n`);
  }
  return undefined;
}

async function startHelper(): Promise<ApksigProcess | undefined> {
  if (process.env.AIRSIGN_APKSIG === 'apksigner') return fallBack('AIRSIGN_APKSIG=apksigner');
  const built = await buildApksigHelper();
  if ('reason' in built) return fallBack(`the apksig helper cannot be used (${built.reason})`);
  try {
    return await ApksigProcess.start(built);
  } catch (error) {
    return fallBack((error as Error).message);
  }
}

async function currentHelper(): Promise<ApksigProcess | undefined> {
  const running = await (helper ??= startHelper());
  if (running === undefined || running.alive) return running;
  helper = startHelper();
  return helper;
}

/** Google's verdict on the file, or undefined when neither the helper nor apksigner is installed. */
export async function googleVerify(path: string, range: SdkRange = {}): Promise<GoogleVerdict | undefined> {
  const running = await currentHelper();
  if (running !== undefined) {
    try {
      return await running.verify(path, range);
    } catch (error) {
      process.stderr.write(`airsign: ${(error as Error).message}; this file goes to apksigner\n`);
    }
  }
  return apksignerVerdict(path, range);
}

/** Ends the helper JVM, if one runs (it also ends by itself when this process exits). */
export async function closeGoogleVerifier(): Promise<void> {
  const running = await helper;
  helper = undefined;
  await running?.close();
}
