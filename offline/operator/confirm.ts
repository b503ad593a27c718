/**
 * The operator's go-ahead, asked on the controlling terminal (never stdin, which may carry data).
 * Only the word "yes" signs; anything else, or no terminal at all, refuses.
 */
import { openSync } from 'node:fs';
import { SignerError } from '../errors.ts';

export async function confirmOnTerminal(question: string, what = 'to sign'): Promise<boolean> {
  const { ReadStream } = await import('node:tty');
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch (cause) {
    throw new SignerError('USAGE', 'no terminal to confirm on; pass --yes with a policy that allows unattended signing', { cause });
  }
  const input = new ReadStream(fd);
  process.stderr.write(`${question} Type "yes" ${what}: `);
  try {
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      input.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
        const nl = text.indexOf('\n');
        if (nl !== -1 || text.length > 64) resolve(text.slice(0, nl === -1 ? 64 : nl));
      });
      input.on('end', () => resolve(text));
    });
    return answer.trim() === 'yes';
  } finally {
    input.destroy();
  }
}
