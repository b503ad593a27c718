/**
 * A fresh SoftHSM2 token for the demo, entirely inside its work directory: its own SOFTHSM2_CONF
 * and token directory (nothing touches the machine's tokens), random PINs, the user PIN in a file
 * only its owner reads, as the signer's --pin-file expects.
 */
import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Invocation } from './processes.ts';

export interface DemoToken {
  readonly label: string;
  readonly conf: string;
  readonly pinFile: string;
  /** softhsm2-util's command line that initialises the token. */
  readonly init: Invocation;
}

const digits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');

export function prepareToken(dir: string, label: string): DemoToken {
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens, { recursive: true, mode: 0o700 });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const userPin = digits(8);
  const pinFile = join(dir, 'user.pin');
  writeFileSync(pinFile, `${userPin}\n`, { mode: 0o600 });
  // The security officer PIN is not needed again: the demo never re-initialises or unblocks.
  const soPin = digits(10);
  const init = { label: 'softhsm2-util', command: 'softhsm2-util', args: ['--init-token', '--free', '--label', label, '--so-pin', soPin, '--pin', userPin], secrets: [soPin, userPin] };
  return { label, conf, pinFile, init };
}
