/** The offline program, `airsign-signer`: scans requests, reviews, signs through PKCS#11, logs. */
import { runProgram } from '../../protocol/cli/index.ts';
import { offlineCommands } from './commands/index.ts';

export async function main(argv: readonly string[]): Promise<number> {
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
