/**
 * Starts one of our programs' page servers (`airsign-signer serve`, `airsign show`) as an operator
 * would, waits for its "listening on URL" line, and stops it with SIGINT (its normal way out).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

export interface ServedProgram {
  readonly url: string;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** SIGINT, then its exit status. */
  stop(): Promise<number | null>;
}

/**
 * `program`: our entry points relative to the checkout, or any executable path (the offline
 * bundle's bin/airsign-signer); `.js` files run under this Node.
 */
export async function startServed(program: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd = root): Promise<ServedProgram> {
  const path = resolve(root, program);
  const command = path.endsWith('.js') ? [process.execPath, path] : [path];
  const child = spawn(command[0]!, [...command.slice(1), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout.on('data', (b: Buffer) => (text += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (text += b.toString('utf8')));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no "listening on" line after 60 s:\n${text}`)), 60_000);
    const look = () => {
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(text);
      if (m !== null) {
        clearTimeout(timer);
        done(m[1]!);
      }
    };
    child.stdout.on('data', look);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`exited with ${code} before listening:\n${text}`));
    });
  });
  return {
    url,
    output: () => text,
    async stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
}
