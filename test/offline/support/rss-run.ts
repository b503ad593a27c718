/**
 * Runs the real signer program in this process once per command line in the JSON file argv[2],
 * one after another, and prints each exit status and then the process's peak resident memory:
 * `{"statuses":[...],"maxRssBytes":N}` as the last line of stdout.
 */
import { readFileSync } from 'node:fs';
import { main } from '../../../offline/cli/main.ts';

const runs = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as string[][];
const statuses: number[] = [];
for (const argv of runs) statuses.push(await main(argv));
process.stdout.write(`\n${JSON.stringify({ statuses, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
