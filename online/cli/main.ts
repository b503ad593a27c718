/** The online program, `airsign`: prepares requests, shows and scans frames, assembles and verifies. */
import { runProgram } from '../../protocol/cli/index.ts';
import { onlineCommands } from './commands/index.ts';

/** A reader that stops early (`| head`) closes the pipe: stop quietly, as other command-line tools do, not with a stack trace. */
function quietOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  quietOnClosedPipe();
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
