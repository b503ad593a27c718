/**
 * The engines of the two Android kinds (online/apk) as the pipeline uses them: the APK engine and
 * the JAR engine are the same ZIP code, each told its kind rather than guessing it. The engine
 * keeps its round state as plain JSON, which the spool stores and hands back (checked by
 * parseRoundState, not cast); the spool's copy of the artifact is
 * named "input", so the file name as submitted is passed along (an index JAR is known by its name).
 */
import { assembleArtifact, inspectArtifact, parseRoundState, prepareArtifact, verifyArtifact } from '../../apk/index.ts';
import type { AndroidKind, ArtifactInfo, ItemFields } from '../../apk/index.ts';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Scheme } from '../../../protocol/messages/index.ts';
import type { ArtifactFacts, PinnedCertificate } from '../../store/index.ts';
import type { ArtifactEngine } from '../parts.ts';
import { VerificationError } from './errors.ts';
import { verifyWithOutsideTools } from './outside-tools.ts';
import { EnginePool, EngineThreadError } from './worker-pool.ts';

function factsOf(info: ArtifactInfo): ArtifactFacts {
  return { kind: info.artifact, name: info.name, versionCode: info.versionCode, versionName: info.versionName, ...(info.minSdkVersion === undefined ? {} : { minSdk: info.minSdkVersion }) };
}

/** Our verifier: every scheme signed so far verifies, by the pinned certificate and no other. */
export async function verifyOurselves(file: string, facts: ArtifactFacts, pin: PinnedCertificate, schemes: readonly Scheme[], final: boolean): Promise<void> {
  if (facts.kind === 'apt-release') throw new VerificationError('OUR_VERIFIER_REFUSED', 'an apt Release file is not an Android artifact');
  const report = await verifyArtifact(file, { certificateDer: pin.der, artifact: facts.kind });
  // Before the last round a v1-only APK lacks what its SDK levels need, and its .SF already names
  // the v2/v3 signatures the next round adds: both are expected until then.
  const problems = report.problems.filter((p) => final || (p.code !== 'SCHEME_REQUIRED' && p.code !== 'STRIPPED'));
  if (problems.length > 0) throw new VerificationError('OUR_VERIFIER_REFUSED', problems.map((p) => `${p.code}: ${p.message}`).join('; '));
  for (const scheme of schemes) {
    const result = report.schemes[scheme];
    if (!result.verified || result.signers.join(',') !== pin.sha256) {
      throw new VerificationError('OUR_VERIFIER_REFUSED', `the ${scheme} signature is ${result.present ? 'not verified for the pinned certificate' : 'missing'}`);
    }
  }
}

export type { AndroidKind };

/** The engine of one kind in this thread (the engine threads run it too). */
export function inProcessEngineFor(kind: AndroidKind): ArtifactEngine {
  return {
    // Our steps block this thread, but apksig's verification runs in its JVM meanwhile.
    concurrency: 2,

    async inspect(file, fileName) {
      return factsOf(inspectArtifact(file, { artifact: kind, jarName: fileName }).info);
    },

    async prepare(file, fileName, pin, schemes) {
      const round = await prepareArtifact(file, { certificateDer: pin.der, artifact: kind, jarName: fileName, ...(schemes === undefined ? {} : { schemes }) });
      return { facts: factsOf(round.info), rounds: round.state.rounds.map((r) => [...r]), item: round.item, state: round.state };
    },

    assemble: assembleRound,
    verify: verifyRound,
  };
}

async function assembleRound(...[state, item, _pin, signatures, out]: Parameters<ArtifactEngine['assemble']>): ReturnType<ArtifactEngine['assemble']> {
  // The record's item is this engine's kind (the pipeline picked the engine by it); assembly checks it against the state.
  const result = await assembleArtifact(parseRoundState(state), item as ItemFields, signatures, out);
  return result.done ? {} : { next: { item: result.next.item, state: result.next.state } };
}

async function verifyRound(...[file, facts, pin, schemes, final]: Parameters<ArtifactEngine['verify']>): Promise<void> {
  await verifyOurselves(file, facts, pin, schemes, final);
  if (final) await verifyWithOutsideTools(file, facts, pin);
}

let saidInProcess = false;

/** A call on the pool, or here when the pool's thread failed (said once). */
async function onPool<T>(pool: EnginePool, call: Parameters<EnginePool['run']>[0], here: () => Promise<T>): Promise<T> {
  try {
    return (await pool.run(call)) as T;
  } catch (error) {
    if (!(error instanceof EngineThreadError)) throw error;
    if (!saidInProcess) {
      saidInProcess = true;
      process.stderr.write(`airsign: ${error.message}; the engine runs in the main thread instead\n`);
    }
    return here();
  }
}

/**
 * Files smaller than this are worked on in the main thread: a thread costs more to start (it loads
 * the engine's code, about a second of CPU) than hashing a few megabytes, and a batch of small APKs
 * is bound by its disk flushes, not by its digests (bench whole-job: the threads doubled the CPU
 * time of 100 small APKs). Larger files go to the threads.
 */
export const THREAD_MIN_BYTES = 4 * 1024 * 1024;

async function sizeOf(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => 0,
  );
}

/** The engine of each Android kind: one per kind of protocol/kinds that these serve. */
export type AndroidEngines = { readonly [K in AndroidKind]: ArtifactEngine };

/**
 * The engines with prepare, assemble and our verifier of large files on one pool of threads (one
 * per core, two at most by default) that both kinds share, apksig in its JVM: the artifacts of a
 * batch are worked on side by side.
 */
export function threadedEngines(threads: number, minBytes = THREAD_MIN_BYTES): AndroidEngines {
  const pool = new EnginePool(threads);
  const large = async (file: string) => (await sizeOf(file)) >= minBytes;
  const engine = (kind: AndroidKind): ArtifactEngine => {
    const here = inProcessEngineFor(kind);
    return {
      // More lanes than threads: a lane waiting for the disk to flush a record needs no core.
      concurrency: threads * 2 + 2,
      inspect: here.inspect,
      prepare: async (...args) => ((await large(args[0])) ? onPool(pool, { op: 'prepare', kind, args }, () => here.prepare(...args)) : here.prepare(...args)),
      assemble: async (...args) =>
        (parseRoundState(args[0]).inputSize >= minBytes ? onPool(pool, { op: 'assemble', kind, args }, () => here.assemble(...args)) : here.assemble(...args)),
      async verify(file, facts, pin, schemes, final) {
        if (await large(file)) await onPool(pool, { op: 'verify', kind, args: [file, facts, pin, schemes, final] }, () => verifyOurselves(file, facts, pin, schemes, final));
        else await verifyOurselves(file, facts, pin, schemes, final);
        if (final) await verifyWithOutsideTools(file, facts, pin);
      },
    };
  };
  return { apk: engine('apk'), jar: engine('jar') };
}

/** The engines in this thread. */
export function inProcessEngines(): AndroidEngines {
  return { apk: inProcessEngineFor('apk'), jar: inProcessEngineFor('jar') };
}

/** Engine threads: AIRSIGN_ENGINE_THREADS, else one per core up to two; 0 runs the engine in the main thread (for files of any size). */
export function engineThreads(): number {
  const set = process.env.AIRSIGN_ENGINE_THREADS;
  if (set !== undefined && /^\d+$/.test(set)) return Math.min(Number(set), 8);
  return Math.min(2, availableParallelism());
}

/** The engines the commands use. */
export function androidEngines(): AndroidEngines {
  const threads = engineThreads();
  // AIRSIGN_ENGINE_THREAD_MIN_BYTES moves the threshold (0: every file on the threads, as a test may want).
  const min = process.env.AIRSIGN_ENGINE_THREAD_MIN_BYTES;
  return threads === 0 ? inProcessEngines() : threadedEngines(threads, min !== undefined && /^\d+$/.test(min) ? Number(min) : THREAD_MIN_BYTES);
}
