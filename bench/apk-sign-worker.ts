/**
 * Our side of the APK signing benchmark, in a process of its own so its time and memory are its
 * own: prepare and assemble every round of an APK with a software key (signArtifact).
 *   once  INPUT OUTPUT KEY.pk8 CERT.der                 sign once in the fresh process, as a one-shot
 *                                                        command does (the whole process is timed outside)
 *   loop  INPUT OUTPUT KEY.pk8 CERT.der WARMUPS N        sign WARMUPS times untimed, then N times timed,
 *                                                        as the long-running pipeline signs artifact after artifact
 * Prints one JSON line: wall and CPU milliseconds of each timed signing, and the peak RSS.
 * The benchmark bundles this file with esbuild and runs it under plain node, as a deployed service
 * would run, so the TypeScript loader's own start-up and memory are not counted as the engine's.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signArtifact } from '../online/apk/index.ts';
import { SoftwareSigner } from '../test/support/software-signer.ts';

const [mode, input, output, keyPath, certDerPath, warmups, iterations] = process.argv.slice(2) as [string, string, string, string, string, string?, string?];
const privateKey = createPrivateKey({ key: readFileSync(keyPath), format: 'der', type: 'pkcs8' });
const certificateDer = new Uint8Array(readFileSync(certDerPath));
const signer = new SoftwareSigner([{ privateKey, certificateDer }]);

async function timedSigning(): Promise<{ ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await signArtifact(input, output, { certificateDer, signer });
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

const untimed = mode === 'loop' ? Number(warmups) : 0;
const timed = mode === 'loop' ? Number(iterations) : 1;
for (let i = 0; i < untimed; i++) await timedSigning();
const samples: { ms: number; cpuMs: number }[] = [];
for (let i = 0; i < timed; i++) samples.push(await timedSigning());
process.stdout.write(`${JSON.stringify({ ms: samples.map((s) => s.ms), cpuMs: samples.map((s) => s.cpuMs), maxRssKb: process.resourceUsage().maxRSS })}\n`);
