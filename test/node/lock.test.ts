/**
 * node/lock.ts, the one directory lock (the signer's state directory and the online spool): one
 * stale-lock rule in its sync and async forms. Refused: a lock this process holds, a lock of a
 * live process. Taken over: the lock of a process that is gone, an empty or garbled lock file, and
 * a lock naming this process's own pid that this process does not hold (left by an earlier process
 * that had the same pid: after a reboot, or as pid 1 in a container).
 */
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../support/tools.ts';
import { isLockError, lockDir, lockDirSync } from '../../node/lock.ts';

const dirs: string[] = [];
const freshDir = () => {
  dirs.push(scratchDir('lock'));
  return dirs.at(-1)!;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A pid no process has: one that ran and exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((done) => child.once('exit', done));
  return child.pid!;
}

const forms = {
  sync: async (dir: string) => {
    const lock = lockDirSync(dir);
    return { release: async () => lock.release() };
  },
  async: (dir: string) => lockDir(dir),
};

describe.each(Object.entries(forms))('lockDir (%s form)', (_form, take) => {
  it('writes the pid, refuses a second opener in this process, and can be taken again once released', async () => {
    const dir = freshDir();
    const lock = await take(dir);
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(`${process.pid}\n`);
    await expect(take(dir)).rejects.toSatisfy((e: unknown) => isLockError(e) && e.self);
    // the other form shares the registry
    expect(() => lockDirSync(dir)).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    await expect(lockDir(dir)).rejects.toSatisfy((e: unknown) => isLockError(e));
    await lock.release();
    const again = await take(dir);
    await again.release();
  });

  it('refuses the lock of a live process', async () => {
    const dir = freshDir();
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      writeFileSync(join(dir, 'lock'), `${holder.pid}\n`);
      await expect(take(dir)).rejects.toSatisfy((e: unknown) => isLockError(e) && !e.self && e.owner === holder.pid);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it.each([
    ['a process that is gone', async () => `${await deadPid()}\n`],
    ['an empty file (a crash mid-create)', async () => ''],
    ['a garbled file', async () => 'not a pid\n'],
    ["this process's own pid, not held by it (a former process with the same pid)", async () => `${process.pid}\n`],
  ])('takes over the lock of %s', async (_what, content) => {
    const dir = freshDir();
    writeFileSync(join(dir, 'lock'), await content());
    const lock = await take(dir);
    expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });
});

describe('lockDir across threads', () => {
  it('is refused to a worker thread while the main thread holds it (the registry is per thread; the pid is the same)', async () => {
    const dir = freshDir();
    const lock = lockDirSync(dir);
    try {
      // Loaded through tsx, as the engine threads load their sources (online/pipeline/engine/engine-thread.js).
      const script = `
        const { parentPort, workerData } = require('node:worker_threads');
        import('tsx/esm/api').then(({ register }) => { register(); return import(workerData.module); }).then(({ lockDirSync }) => {
          try { lockDirSync(workerData.dir); parentPort.postMessage('taken'); } catch (e) { parentPort.postMessage(e.code); }
        });`;
      const worker = new Worker(script, { eval: true, workerData: { dir, module: new URL('../../node/lock.ts', import.meta.url).href } });
      const answer = await new Promise((done, fail) => {
        worker.once('message', done);
        worker.once('error', fail);
      });
      await worker.terminate();
      expect(answer).toBe('LOCKED');
      expect(readFileSync(join(dir, 'lock'), 'utf8')).toBe(`${process.pid}\n`);
    } finally {
      lock.release();
    }
  });
});
