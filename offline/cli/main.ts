/** The offline program, `airsign-signer`: scans requests, reviews, signs through PKCS#11, logs. */
import { runProgram } from '../../protocol/cli/index.ts';
import { offlineCommands } from './commands/index.ts';

export async function main(argv: readonly string[]): Promise<number> {
  // `airsign-signer keys | head -1`: once the reader has gone, further output is dropped quietly
  // (the command still finishes what it does) instead of dying on EPIPE with a stack trace.
  let stdoutGone = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    stdoutGone = true;
  });
  return runProgram(
    { name: 'airsign-signer', about: 'the offline signer: review, policy, PKCS#11 signing, audit log', commands: offlineCommands },
    argv,
    {
      out: (line) => {
        if (!stdoutGone) process.stdout.write(`${line}\n`);
      },
      err: (line) => process.stderr.write(`${line}\n`),
      debug: process.env.AIRSIGN_DEBUG === '1',
    },
  );
}
