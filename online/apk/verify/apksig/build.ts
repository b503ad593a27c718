/**
 * Compiles the apksig helper (../java/AirsignVerify.java) at first use, with the installed JDK,
 * against Debian's apksig jar, into build/apksig/<hash>/ under the project (gitignored; another
 * directory with AIRSIGN_BUILD_DIR). The hash covers the source and the jar, so an edit or an
 * upgrade compiles again. The class is compiled in a scratch directory and renamed into place, so
 * processes compiling at once (parallel tests) never see a half-written class.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Where Debian's apksigner package puts the library (apksigner.jar is the command on top of it). */
const APKSIG_JARS = ['/usr/share/java/apksig.jar', '/usr/share/maven-repo/com/android/tools/build/apksig/debian/apksig-debian.jar'];
const SOURCE = resolve(import.meta.dirname, '../java/AirsignVerify.java');
const PROJECT = resolve(import.meta.dirname, '../../../..');

export interface ApksigHelper {
  /** The java -cp value: the compiled helper and the apksig jar. */
  readonly classpath: string;
  readonly mainClass: 'AirsignVerify';
}

/** Why the helper cannot be used; the caller falls back to apksigner per file. */
export type HelperUnavailable = { readonly reason: string };

function run(command: string, args: readonly string[]): Promise<{ ok: boolean; output: string; missing: boolean }> {
  return new Promise((done) => {
    execFile(command, args, { maxBuffer: 1024 * 1024, timeout: 5 * 60_000 }, (error, stdout, stderr) => {
      done({ ok: error === null, output: `${stdout}${stderr}`.trim(), missing: (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' });
    });
  });
}

export function apksigJar(): string | undefined {
  return APKSIG_JARS.find((p) => existsSync(p));
}

function buildRoot(): string {
  return process.env.AIRSIGN_BUILD_DIR ?? join(PROJECT, 'build');
}

/** Compiles the helper if it is not compiled yet; resolves to how to run it, or why it cannot run. */
export async function buildApksigHelper(): Promise<ApksigHelper | HelperUnavailable> {
  const jar = apksigJar();
  if (jar === undefined) return { reason: `no apksig library (${APKSIG_JARS[0]}; Debian package apksigner)` };
  if (!existsSync(SOURCE)) return { reason: `the helper's source is not installed (${SOURCE})` };
  const source = readFileSync(SOURCE);
  const jarStat = statSync(jar);
  const hash = createHash('sha256').update(source).update(`\0${jar}\0${jarStat.size}\0${jarStat.mtimeMs}`).digest('hex').slice(0, 16);
  const dir = join(buildRoot(), 'apksig', hash);
  const helper: ApksigHelper = { classpath: `${dir}:${jar}`, mainClass: 'AirsignVerify' };
  if (existsSync(join(dir, 'AirsignVerify.class'))) return helper;
  try {
    await mkdir(join(buildRoot(), 'apksig'), { recursive: true });
    const scratch = await mkdtemp(join(buildRoot(), 'apksig', `.${hash}-`));
    try {
      const javac = await run('javac', ['-nowarn', '-d', scratch, '-cp', jar, SOURCE]);
      if (javac.missing) return { reason: 'no javac (a JDK, Debian openjdk-17-jdk-headless)' };
      if (!javac.ok) return { reason: `javac failed: ${javac.output.split('\n')[0] ?? ''}` };
      await rename(scratch, dir).catch((error: NodeJS.ErrnoException) => {
        // Another process put it there first: theirs is the same class.
        if (!existsSync(join(dir, 'AirsignVerify.class'))) throw error;
      });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  } catch (error) {
    return { reason: `cannot write the compiled helper under ${buildRoot()}: ${(error as Error).message}` };
  }
  return helper;
}
