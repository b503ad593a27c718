/**
 * Fresh SoftHSM2 tokens for a test file: a temporary token directory of its own, pointed at by
 * SOFTHSM2_CONF (set for this process and for the CLI processes the tests start). Tokens are made
 * with Debian's softhsm2-util, as an operator would.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MODULE = '/usr/lib/softhsm/libsofthsm2.so';
export const USER_PIN = '5678';
export const SO_PIN = '12345678';

export interface SoftHsm {
  readonly dir: string;
  readonly conf: string;
  readonly pinFile: string;
  readonly env: NodeJS.ProcessEnv;
  initToken(label: string): void;
  /** Writes a PIN file with `pin` and returns its path. */
  pinFileWith(pin: string): string;
  /** Removes the token directory and everything the tests put beside it. */
  remove(): void;
}

/** Makes the token directory and points this process at it. Call before opening the module. */
export function freshSoftHsm(): SoftHsm {
  const dir = mkdtempSync(join(tmpdir(), 'airsign-hsm-'));
  const tokens = join(dir, 'tokens');
  execFileSync('mkdir', ['-p', tokens]);
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  process.env.SOFTHSM2_CONF = conf;
  // The signer's default state directory (~/.local/state/airsign) is shared with everything else
  // run on the machine as this user, other test runs included: a run that names no --state gets
  // one of its own beside the token instead.
  const env = { ...process.env, SOFTHSM2_CONF: conf, XDG_STATE_HOME: join(dir, 'xdg-state') };
  let n = 0;
  const pinFileWith = (pin: string) => {
    const path = join(dir, `pin-${n++}`);
    writeFileSync(path, `${pin}\n`, { mode: 0o600 });
    return path;
  };
  return {
    dir,
    conf,
    env,
    pinFile: pinFileWith(USER_PIN),
    pinFileWith,
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
    initToken(label: string) {
      execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', SO_PIN, '--pin', USER_PIN], { env, stdio: 'pipe' });
    },
  };
}

/**
 * Puts a token in the state a real HSM reaches after too many wrong PINs: CKF_USER_PIN_LOCKED set
 * in the token's stored flags. (SoftHSM2 itself never locks the user PIN.) The token file keeps its
 * flags as the ULONG attribute CKA_VENDOR_DEFINED+0x534B, written big-endian.
 */
export function lockUserPin(hsm: SoftHsm, label: string): void {
  const tokens = join(hsm.dir, 'tokens');
  for (const uuid of readdirSync(tokens)) {
    const file = join(tokens, uuid, 'token.object');
    const bytes = readFileSync(file);
    if (!bytes.includes(Buffer.from(label.padEnd(32, ' ')))) continue;
    const marker = Buffer.from('00000000' + '8000534b' + '0000000000000002', 'hex');
    const at = bytes.indexOf(marker);
    if (at === -1) throw new Error('token flags not found in the SoftHSM token file');
    const flags = bytes.readBigUInt64BE(at + marker.length);
    bytes.writeBigUInt64BE(flags | 0x40000n, at + marker.length);
    writeFileSync(file, bytes);
    return;
  }
  throw new Error(`no SoftHSM token labelled ${label}`);
}
