/**
 * A PIN file others can read gives the token's PIN to every account on the laptop. Such a file
 * is refused unless the operator says otherwise (`--allow-readable-pin-file`), and then it is
 * still warned about. The mode is read from the file the path names (symlinks followed), before
 * the PIN is read from it.
 */
import { statSync } from 'node:fs';
import { SignerError } from '../errors.ts';

export function checkPinFileMode(path: string, allowReadable: boolean, log: (line: string) => void): void {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch (cause) {
    throw new SignerError('PIN_MISSING', `cannot open the PIN file ${path}`, { cause });
  }
  if ((mode & 0o044) === 0) return;
  const who = (mode & 0o004) !== 0 ? 'every user' : 'its group';
  const what = `the PIN file ${path} is readable by ${who} (mode ${mode.toString(8).padStart(4, '0')})`;
  if (!allowReadable) throw new SignerError('PIN_FILE_READABLE', `${what}; make it private (chmod 600) or pass --allow-readable-pin-file`);
  log(`warning: ${what} (--allow-readable-pin-file)`);
}
