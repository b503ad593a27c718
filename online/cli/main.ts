/** The online program, `airsign`: prepares requests, shows and scans frames, assembles and verifies. */
import { runProgram } from '../../protocol/cli/index.ts';
import { onlineCommands } from './commands/index.ts';

export async function main(argv: readonly string[]): Promise<number> {
  return runProgram(
    { name: 'airsign', about: 'prepare, carry over the air gap, assemble and verify signed APKs and JARs', commands: onlineCommands },
    argv,
    {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      debug: process.env.AIRSIGN_DEBUG === '1',
    },
  );
}
