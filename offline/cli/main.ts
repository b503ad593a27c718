/** The offline program, `airsign-signer`: scans requests, reviews, signs through PKCS#11, logs. */
import { runProgram } from '../../protocol/cli/index.ts';
import { offlineCommands } from './commands/index.ts';

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
    { name: 'airsign-signer', about: 'the offline signer: review, policy, PKCS#11 signing, audit log', commands: offlineCommands },
    argv,
    {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      debug: process.env.AIRSIGN_DEBUG === '1',
    },
  );
}
