/**
 * Signing runs in a process of their own, so peak memory is theirs: prepare and assemble every
 * round of an APK with a software key, twice: first in the fresh process (cold: code not yet
 * compiled by the JIT, as a one-shot command), then again (warm, as in the long-running pipeline).
 * Prints the times, CPU and memory as JSON.
 * The benchmark bundles this file with esbuild and runs it under plain node, as a deployed
 * service would run, so the TypeScript loader's own memory is not counted as the engine's.
 */
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signArtifact } from '../online/apk/index.ts';
import { SoftwareSigner } from '../online/signers/index.ts';

const [input, output, keyPath, certDerPath] = process.argv.slice(2) as [string, string, string, string];
const privateKey = createPrivateKey({ key: readFileSync(keyPath), format: 'der', type: 'pkcs8' });
const certificateDer = new Uint8Array(readFileSync(certDerPath));
const signer = new SoftwareSigner([{ privateKey, certificateDer }]);
const rssBeforeKb = Math.round(process.memoryUsage().rss / 1024);

async function run(out: string) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await signArtifact(input, out, { certificateDer, signer });
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, rounds: result.items.length, maxRssKb: process.resourceUsage().maxRSS };
}

const cold = await run(output);
const warm = await run(`${output}.again`);
process.stdout.write(`${JSON.stringify({ ...cold, warmMs: warm.ms, warmCpuMs: warm.cpuMs, rssBeforeKb, coldMaxRssKb: cold.maxRssKb, maxRssKb: warm.maxRssKb })}\n`);
