/**
 * `npm run bench [name...]`: runs every bench/*.bench.ts (or the named ones) one after another,
 * each in its own process so one cannot warm or disturb another. Each writes its own results
 * to docs/bench/<name>.md, with its baseline measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const here = import.meta.dirname;
const wanted = process.argv.slice(2);
const all = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length)).sort();
const chosen = wanted.length === 0 ? all : all.filter((n) => wanted.includes(n));
const unknown = wanted.filter((n) => !all.includes(n));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown benchmark(s): ${unknown.join(', ')}; known: ${all.join(', ')}\n`);
  process.exit(2);
}
let failed = 0;
for (const name of chosen) {
  process.stdout.write(`\n== bench ${name}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(here, `${name}.bench.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`bench: ${name} failed (exit ${r.status ?? r.signal})\n`);
  }
}
process.exit(failed === 0 ? 0 : 1);
