/**
 * One signing run in its own process, so its peak memory is its own: prepare and assemble every
 * round of an APK with a software key, then print the in-process time, CPU and memory as JSON.
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
const rssBeforeKb = Math.round(process.memoryUsage().rss / 1024);
const cpu = process.cpuUsage();
const started = performance.now();
const result = await signArtifact(input, output, { certificateDer, signer: new SoftwareSigner([{ privateKey, certificateDer }]) });
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(`${JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, rounds: result.items.length, rssBeforeKb, maxRssKb: process.resourceUsage().maxRSS })}\n`);
