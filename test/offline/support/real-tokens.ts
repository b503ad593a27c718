/**
 * The PKCS#11 tokens of the token matrix, each made fresh for a test file by the tools an operator
 * would use: SoftHSM2 (softhsm2-util), opencryptoki's software token behind pkcsslotd (pkcsconf),
 * and tpm2-pkcs11 over a software TPM (swtpm on 127.0.0.1, its TCTI given directly; the token is
 * initialized through the module with pkcs11-tool, because tpm2_ptool addtoken runs out of TPM
 * object slots without a resource manager); and NSS's softoken, which needs C_Initialize
 * parameters. Each stops what it started, by PID.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type TokenName = 'softhsm2' | 'opencryptoki' | 'tpm2-pkcs11' | 'nss';

export interface RealToken {
  readonly name: TokenName;
  readonly module: string;
  readonly label: string;
  readonly pin: string;
  readonly pinFile: string;
  readonly dir: string;
  /** Environment for this process's children (SOFTHSM2_CONF, TPM2_PKCS11_TCTI, ...). */
  readonly env: NodeJS.ProcessEnv;
  /** The command-line options that open the module: --module, and --module-args where it needs them. */
  readonly moduleFlags: readonly string[];
  /** Writes a PIN file with `pin` and returns its path. */
  pinFileWith(pin: string): string;
  stop(): void;
}

export const MODULES: Record<TokenName, string> = {
  softhsm2: '/usr/lib/softhsm/libsofthsm2.so',
  opencryptoki: '/usr/lib/x86_64-linux-gnu/pkcs11/libopencryptoki.so',
  'tpm2-pkcs11': '/usr/lib/x86_64-linux-gnu/pkcs11/libtpm2_pkcs11.so',
  nss: '/usr/lib/x86_64-linux-gnu/libsoftokn3.so',
};

const TOOLS: Record<TokenName, string[]> = {
  softhsm2: ['softhsm2-util'],
  opencryptoki: ['pkcsslotd', 'pkcsconf'],
  'tpm2-pkcs11': ['swtpm', 'pkcs11-tool', 'tpm2_flushcontext'],
  nss: ['certutil'],
};

function onPath(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore', env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } }).status === 0;
}

/** Why this token cannot be tested here (module or tool missing), or undefined. */
export function missingFor(name: TokenName): string | undefined {
  if (!existsSync(MODULES[name])) return `${name}: module ${MODULES[name]} is not installed (.ci/ensure-tools installs it)`;
  const tool = TOOLS[name].find((t) => !onPath(t));
  if (tool !== undefined) return `${name}: ${tool} is not installed (.ci/ensure-tools installs it)`;
  if (name === 'opencryptoki' && process.getuid?.() !== 0) return 'opencryptoki: pkcsslotd and /var/lib/opencryptoki need root (or the pkcs11 group)';
  return undefined;
}

function scratch(name: string): { dir: string; pinFileWith: (pin: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), `airsign-${name}-`));
  let n = 0;
  return {
    dir,
    pinFileWith(pin: string) {
      const path = join(dir, `pin-${n++}`);
      writeFileSync(path, `${pin}\n`, { mode: 0o600 });
      return path;
    },
  };
}

export function startToken(name: TokenName, label: string): RealToken {
  if (name === 'softhsm2') return startSoftHsm2(label);
  if (name === 'opencryptoki') return startOpencryptoki(label);
  if (name === 'nss') return startNss();
  return startTpm2(label);
}

/**
 * NSS's softoken on a database of its own, made with certutil -N (which sets the PIN and so makes
 * the "NSS Certificate DB" token initialized); the module needs C_Initialize parameters naming it.
 */
function startNss(): RealToken {
  const { dir, pinFileWith } = scratch('nss');
  const pin = 'nss-pin-1';
  const pinFile = pinFileWith(pin);
  execFileSync('mkdir', ['-p', join(dir, 'db')]);
  execFileSync('certutil', ['-N', '-d', `sql:${join(dir, 'db')}`, '-f', pinFile], { stdio: 'pipe' });
  const args = `configdir='sql:${join(dir, 'db')}' certPrefix='' keyPrefix='' secmod='secmod.db' flags=`;
  const label = 'NSS Certificate DB';
  return { name: 'nss', module: MODULES.nss, label, pin, pinFile, dir, env: { ...process.env }, moduleFlags: ['--module', MODULES.nss, '--module-args', args], pinFileWith, stop: () => rmSync(dir, { recursive: true, force: true }) };
}

function startSoftHsm2(label: string): RealToken {
  const { dir, pinFileWith } = scratch('softhsm2');
  execFileSync('mkdir', ['-p', join(dir, 'tokens')]);
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const pin = '5678';
  execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', '12345678', '--pin', pin], { env, stdio: 'pipe' });
  return { name: 'softhsm2', module: MODULES.softhsm2, label, pin, pinFile: pinFileWith(pin), dir, env, moduleFlags: ['--module', MODULES.softhsm2], pinFileWith, stop: () => rmSync(dir, { recursive: true, force: true }) };
}

const SBIN_PATH = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;

function pkcsconf(args: string[], input: string): { status: number | null; out: string } {
  const r = spawnSync('pkcsconf', args, { input, encoding: 'utf8', env: { ...process.env, PATH: SBIN_PATH } });
  return { status: r.status, out: r.stdout + r.stderr };
}

/** PIDs of live processes called `name` (a zombie left by a daemon that exited does not count). */
function running(name: string): number[] {
  const r = spawnSync('ps', ['-o', 'pid=,stat=', '-C', name], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([pid, stat]) => pid !== undefined && pid !== '' && stat !== undefined && !stat.startsWith('Z'))
    .map(([pid]) => Number(pid));
}

/** The slot of opencryptoki's software token (model "IBM SoftTok"), from `pkcsconf -t`. */
function softTokSlot(): number {
  const text = pkcsconf(['-t'], '').out;
  for (const block of text.split(/(?=Token #\d+ Info:)/)) {
    const m = /^Token #(\d+) Info:/.exec(block);
    if (m !== null && /Model:\s*IBM SoftTok/.test(block)) return Number(m[1]);
  }
  throw new Error(`no opencryptoki software token in:\n${text}`);
}

const SWTOK_DIR = '/var/lib/opencryptoki/swtok';
/** opencryptoki's factory SO PIN. It is kept: re-initializing a token whose SO PIN was changed fails its SO login (CKR_FUNCTION_FAILED) in opencryptoki 3.19. */
const FACTORY_SO_PIN = '87654321';

/**
 * pkcsslotd is machine-wide (/var/lib/opencryptoki, /run/opencryptoki): one already running is
 * used and left running; otherwise the software token's files are put back to the factory state
 * and the daemon this test starts is stopped by its PID. The token is re-initialized either way
 * (C_InitToken wipes its objects) with a user PIN of 4-8 characters, as opencryptoki requires.
 */
function startOpencryptoki(label: string): RealToken {
  const { dir, pinFileWith } = scratch('opencryptoki');
  let started: number | undefined;
  if (running('pkcsslotd').length === 0) {
    for (const file of ['MK_SO', 'MK_USER', 'NVTOK.DAT']) rmSync(join(SWTOK_DIR, file), { force: true });
    rmSync(join(SWTOK_DIR, 'TOK_OBJ'), { recursive: true, force: true });
    execFileSync('mkdir', ['-p', join(SWTOK_DIR, 'TOK_OBJ')]);
    rmSync('/dev/shm/var.lib.opencryptoki.swtok', { force: true });
    execFileSync('pkcsslotd', [], { env: { ...process.env, PATH: SBIN_PATH } });
    // It forks into the background: its PID is the one now running.
    for (let i = 0; i < 50 && started === undefined; i++) {
      started = running('pkcsslotd')[0];
      if (started === undefined) spawnSync('sleep', ['0.1']);
    }
  }
  const stop = () => {
    if (started !== undefined) {
      try {
        process.kill(started, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const pin = '87651234';
    const slot = String(softTokSlot());
    for (const [args, input] of [
      [['-I', '-c', slot], `${FACTORY_SO_PIN}\n${label}\n`],
      [['-u', '-c', slot], `${FACTORY_SO_PIN}\n${pin}\n${pin}\n`],
    ] as const) {
      const r = pkcsconf([...args], input);
      if (r.status !== 0 || /error|incorrect/i.test(r.out)) throw new Error(`pkcsconf ${args.join(' ')} failed: ${r.out}`);
    }
    return { name: 'opencryptoki', module: MODULES.opencryptoki, label, pin, pinFile: pinFileWith(pin), dir, env: { ...process.env }, moduleFlags: ['--module', MODULES.opencryptoki], pinFileWith, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** A free TCP port on 127.0.0.1 (and the one after it, for swtpm's control channel). */
export function freePorts(): number {
  const r = spawnSync(process.execPath, [
    '-e',
    `const net=require('net');const s=net.createServer().listen(0,'127.0.0.1',()=>{const p=s.address().port;const t=net.createServer().listen(p+1,'127.0.0.1',()=>{console.log(p);process.exit(0)});t.on('error',()=>{console.log(0);process.exit(0)})})`,
  ], { encoding: 'utf8' });
  const port = Number(r.stdout.trim());
  if (!(port > 0)) return freePorts();
  return port;
}

function waitForPort(port: number): void {
  for (let i = 0; i < 100; i++) {
    const r = spawnSync(process.execPath, ['-e', `require('net').connect(${port},'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))`]);
    if (r.status === 0) return;
    spawnSync('sleep', ['0.1']);
  }
  throw new Error(`swtpm did not listen on 127.0.0.1:${port}`);
}

/** A software TPM of its own (its state in a temporary directory) for each token: no test locks another's TPM. */
function startTpm2(label: string): RealToken {
  const { dir, pinFileWith } = scratch('tpm2');
  execFileSync('mkdir', ['-p', join(dir, 'state'), join(dir, 'store')]);
  const port = freePorts();
  const child: ChildProcess = spawn('swtpm', ['socket', '--tpm2', '--tpmstate', `dir=${join(dir, 'state')}`, '--server', `type=tcp,port=${port},bindaddr=127.0.0.1`, '--ctrl', `type=tcp,port=${port + 1},bindaddr=127.0.0.1`, '--flags', 'not-need-init,startup-clear'], { stdio: 'ignore' });
  const stop = () => {
    if (child.pid !== undefined && child.exitCode === null) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    waitForPort(port);
    const tcti = `swtpm:host=127.0.0.1,port=${port}`;
    const env = { ...process.env, TPM2_PKCS11_TCTI: tcti, TPM2TOOLS_TCTI: tcti, TPM2_PKCS11_STORE: join(dir, 'store'), TSS2_LOG: 'all+NONE' };
    const soPin = 'so-pin-1';
    const pin = 'user-pin-1';
    execFileSync('pkcs11-tool', ['--module', MODULES['tpm2-pkcs11'], '--init-token', '--label', label, '--so-pin', soPin], { env, stdio: 'pipe' });
    execFileSync('pkcs11-tool', ['--module', MODULES['tpm2-pkcs11'], '--token-label', label, '--login', '--login-type', 'so', '--so-pin', soPin, '--init-pin', '--pin', pin], { env, stdio: 'pipe' });
    // With no resource manager between, what pkcs11-tool left loaded would stay in the TPM's few object slots.
    execFileSync('tpm2_flushcontext', ['-t'], { env, stdio: 'pipe' });
    return { name: 'tpm2-pkcs11', module: MODULES['tpm2-pkcs11'], label, pin, pinFile: pinFileWith(pin), dir, env, moduleFlags: ['--module', MODULES['tpm2-pkcs11']], pinFileWith, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** The environment variables a token needs, set in this process too (for in-process module use). */
export function useTokenEnv(token: RealToken): void {
  for (const key of ['SOFTHSM2_CONF', 'TPM2_PKCS11_TCTI', 'TPM2TOOLS_TCTI', 'TPM2_PKCS11_STORE', 'TSS2_LOG']) {
    const value = token.env[key];
    if (value !== undefined) process.env[key] = value;
  }
}
