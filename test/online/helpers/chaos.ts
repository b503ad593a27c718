/**
 * Runs an airsign command and kills it with SIGKILL at a random point of its work: once the
 * spool's event log has grown by a random number of lines, after a random few milliseconds more.
 * Repeats until a run ends by itself. After each kill, the caller checks the spool's invariants.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

export interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly kills: number;
}

async function eventCount(spoolDir: string): Promise<number> {
  const text = await readFile(join(spoolDir, 'events.log'), 'utf8').catch(() => '');
  return text.split('\n').length - 1;
}

/** A seeded random source, so a failing run can be repeated with the seed it printed. */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed >>> 0 || 1;
  return (n) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
}

export async function runWithKills(args: readonly string[], spoolDir: string, random: (n: number) => number, afterKill: () => Promise<void>, maxEventsBetweenKills = 6): Promise<Finished> {
  for (let kills = 0; ; ) {
    const start = await eventCount(spoolDir);
    const target = start + 1 + random(maxEventsBetweenKills);
    const extraMs = random(20);
    const child = spawn(process.execPath, [join(root, 'online/cli/airsign.js'), ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
    let over = false;
    void exited.then(() => (over = true));
    while (!over && (await eventCount(spoolDir)) < target) await new Promise((r) => setTimeout(r, 2));
    if (!over) {
      await new Promise((r) => setTimeout(r, extraMs));
      child.kill('SIGKILL');
    }
    const { code, signal } = await exited;
    if (signal === 'SIGKILL') {
      kills++;
      await afterKill();
      continue;
    }
    return { code: code ?? -1, stdout, stderr, kills };
  }
}
