/**
 * Runs the demo's programs one at a time, as an operator would type them: each a separate
 * process, its full output kept in a numbered log file (logs/03-airsign-signer-keygen.log), only
 * a short line shown. A failure is a typed STEP_FAILED carrying the program's own error line.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DemoError } from './errors.ts';

export interface RunOutput {
  readonly stdout: string;
  readonly stderr: string;
  /** Non-empty stdout lines. */
  readonly lines: readonly string[];
  readonly seconds: number;
  readonly log: string;
}

export interface Invocation {
  /** What the log and an error call this run, e.g. "airsign-signer keygen". */
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Argument values the log shows as *** (PINs). */
  readonly secrets?: readonly string[];
}

/** The last line of a program's error output: our programs print their one-line error there. */
function errorLineOf(stderr: string, stdout: string): string {
  const lines = `${stderr}\n${stdout}`.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines.at(-1) ?? 'no output';
}

export class ProcessRunner {
  private count = 0;

  constructor(
    readonly logDir: string,
    readonly env: NodeJS.ProcessEnv,
  ) {
    mkdirSync(logDir, { recursive: true });
  }

  run(call: Invocation): RunOutput {
    const n = ++this.count;
    const log = join(this.logDir, `${String(n).padStart(2, '0')}-${call.label.replace(/[^A-Za-z0-9.-]+/g, '-')}.log`);
    const started = process.hrtime.bigint();
    const r = spawnSync(call.command, call.args, { env: this.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const stdout = r.stdout ?? '';
    const stderr = r.stderr ?? '';
    const status = r.error !== undefined ? `could not start: ${r.error.message}` : `exit ${r.status ?? r.signal}`;
    const shown = [call.command, ...call.args].map((a) => (call.secrets?.includes(a) === true ? '***' : a));
    writeFileSync(log, `$ ${shown.join(' ')}\n# ${status}, ${seconds.toFixed(2)} s\n\n## stdout\n${stdout}\n## stderr\n${stderr}`);
    if (r.error !== undefined) throw new DemoError('TOOL_MISSING', `${call.label}: cannot run ${call.command}: ${r.error.message}`, { step: call.label, cause: r.error });
    if (r.status !== 0) throw new DemoError('STEP_FAILED', `${call.label} failed (${status}): ${errorLineOf(stderr, stdout)} [log: ${log}]`, { step: call.label });
    return { stdout, stderr, lines: stdout.split('\n').filter((l) => l.trim() !== ''), seconds, log };
  }
}
