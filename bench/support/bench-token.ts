/**
 * The SoftHSM2 token the signing benchmarks run on, and the bare pkcs11js session their baselines
 * sign with. `makeBenchToken` must run before any offline module is imported: it sets
 * SOFTHSM2_CONF, which SoftHSM2 reads when the module is first initialized.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';

export const BENCH_PIN = '5678';
const LABEL = 'bench';

/** A fresh token labelled "bench" in a new temporary directory (returned), with BENCH_PIN as its user PIN. */
export function makeBenchToken(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'tokens'));
  writeFileSync(join(dir, 'softhsm2.conf'), `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', LABEL, '--so-pin', '12345678', '--pin', BENCH_PIN], { stdio: 'pipe' });
  return dir;
}

export interface BareSession {
  readonly p11: pkcs11js.PKCS11;
  readonly session: Buffer;
  /** The private key labelled as asked. */
  readonly handle: Buffer;
}

/** One logged-in session on the bench token, straight through pkcs11js, and the private key `label`. */
export function openBareSession(label: string): BareSession {
  const p11 = new pkcs11js.PKCS11();
  p11.load('/usr/lib/softhsm/libsofthsm2.so');
  try {
    p11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch {
    // already initialized by the signer in this process: the same library instance
  }
  const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trim() === LABEL)!;
  const session = p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
  try {
    p11.C_Login(session, pkcs11js.CKU_USER, BENCH_PIN);
  } catch {
    // already logged in: login state is shared by the application's sessions
  }
  p11.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }, { type: pkcs11js.CKA_LABEL, value: label }]);
  const [handle] = p11.C_FindObjects(session, 1);
  p11.C_FindObjectsFinal(session);
  return { p11, session, handle: handle! };
}
