/** A fresh SoftHSM2 token with an RSA 3072 key made by the key ceremony, and an unattended policy: as the demo sets it up. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { timedProgram } from './timed.ts';

export interface BenchSigner {
  readonly env: NodeJS.ProcessEnv;
  readonly certMessage: string;
  /** `airsign-signer sign` arguments but --in and --out. */
  readonly signArgs: readonly string[];
}

export function makeSigner(dir: string, maxItems: number): BenchSigner {
  mkdirSync(join(dir, 'tokens'), { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  spawnSync('softhsm2-util', ['--init-token', '--free', '--label', 'bench', '--so-pin', '12345678', '--pin', '5678'], { env, stdio: 'ignore' });
  const pinFile = join(dir, 'pin');
  writeFileSync(pinFile, '5678\n', { mode: 0o600 });
  const state = join(dir, 'offline-state');
  timedProgram('airsign-signer', ['keygen', '--uri', 'pkcs11:token=bench;object=release', '--type', 'rsa:3072', '--subject', 'CN=bench', '--cert-out', join(dir, 'cert.pem'), '--pin-file', pinFile, '--state', state], env);
  const certMessage = join(dir, 'cert.msg');
  timedProgram('airsign-signer', ['export-cert', '--uri', 'pkcs11:token=bench;object=release', '--out', certMessage], env);
  const policy = join(dir, 'policy.json');
  timedProgram('airsign-signer', ['policy', 'init', '--out', policy, '--uri', 'pkcs11:token=bench', '--kind', 'apk'], env);
  writeFileSync(policy, JSON.stringify({ ...(JSON.parse(readFileSync(policy, 'utf8')) as object), unattended: true, maxItemsPerRequest: maxItems }));
  return { env, certMessage, signArgs: ['--policy', policy, '--uri', 'pkcs11:token=bench', '--state', state, '--pin-file', pinFile, '--yes', '--allow-network'] };
}
