/**
 * One long-lived JVM running the apksig helper: a path in, a verdict out, many files per process.
 * Requests carry an id, so several may be in flight (the helper verifies on a small thread pool).
 * The process holds the event loop only while a request is waiting, so a program that is done
 * exits without closing it (the helper ends on EOF of its stdin).
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { ApksigHelper } from './build.ts';
import type { GoogleVerdict, SdkRange } from './verdict.ts';

interface Pending {
  readonly resolve: (v: GoogleVerdict) => void;
  readonly reject: (e: Error) => void;
}

interface HelperLine {
  readonly id?: string;
  readonly ready?: boolean;
  readonly verified?: boolean;
  readonly signers?: string[];
  readonly errors?: string[];
  readonly v1?: boolean;
  readonly v2?: boolean;
  readonly v3?: boolean;
}

/** A heap bound like apksigner's own script (-Xmx1024M); apksig reads files through a DataSource, not whole. */
const JVM_OPTIONS = ['-Xmx512m', '-XX:+UseSerialGC', '-Xss1m'];

export class ApksigProcess {
  private readonly pending = new Map<string, Pending>();
  private next = 0;
  private dead: Error | undefined;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {}

  /** Starts the JVM and waits for the helper to say it is ready. */
  static start(helper: ApksigHelper): Promise<ApksigProcess> {
    const child = spawn('java', [...JVM_OPTIONS, '-cp', helper.classpath, helper.mainClass], { stdio: ['pipe', 'pipe', 'pipe'] });
    const proc = new ApksigProcess(child);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      stderr = (stderr + s).slice(-2000);
    });
    child.stdin.on('error', () => undefined);
    return new Promise((resolve, reject) => {
      let ready = false;
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        let parsed: HelperLine;
        try {
          parsed = JSON.parse(line) as HelperLine;
        } catch {
          return;
        }
        if (parsed.ready === true && !ready) {
          ready = true;
          proc.idle();
          resolve(proc);
        } else proc.answer(parsed);
      });
      const fail = (why: string) => {
        proc.dead = new Error(`the apksig helper ${why}${stderr === '' ? '' : `: ${stderr.trim().split('\n')[0]}`}`);
        for (const p of proc.pending.values()) p.reject(proc.dead);
        proc.pending.clear();
        if (!ready) reject(proc.dead);
      };
      child.on('error', (e) => fail(`could not start (${e.message})`));
      child.on('exit', (code, signal) => fail(`exited (${signal ?? code ?? '?'})`));
    });
  }

  get alive(): boolean {
    return this.dead === undefined;
  }

  verify(path: string, range: SdkRange = {}): Promise<GoogleVerdict> {
    if (this.dead !== undefined) return Promise.reject(this.dead);
    if (/[\t\n\r]/.test(path)) return Promise.reject(new Error('the apksig helper takes no path with a tab or a line break'));
    const id = String(this.next++);
    const line = `${id}\t${range.minSdk ?? '-'}\t${range.maxSdk ?? '-'}\t${path}\n`;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.busy();
      this.pending.set(id, { resolve, reject });
      this.child.stdin.write(line);
    });
  }

  private answer(line: HelperLine): void {
    const waiting = line.id === undefined ? undefined : this.pending.get(line.id);
    if (waiting === undefined) return;
    this.pending.delete(line.id!);
    if (this.pending.size === 0) this.idle();
    waiting.resolve({
      tool: 'apksig',
      verified: line.verified === true,
      signers: line.signers ?? [],
      errors: line.errors ?? [],
      schemes: { v1: line.v1 === true, v2: line.v2 === true, v3: line.v3 === true },
    });
  }

  private busy(): void {
    this.child.ref();
    (this.child.stdout as unknown as { ref(): void }).ref();
    (this.child.stdin as unknown as { ref(): void }).ref();
  }

  private idle(): void {
    this.child.unref();
    (this.child.stdout as unknown as { unref(): void }).unref();
    (this.child.stdin as unknown as { unref(): void }).unref();
    (this.child.stderr as unknown as { unref(): void }).unref();
  }

  /** Ends the JVM (EOF on its stdin) and waits for it. */
  close(): Promise<void> {
    if (this.dead !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.stdin.end();
    });
  }
}
