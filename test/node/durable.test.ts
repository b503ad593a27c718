/**
 * node/durable.ts, the one durable writer, seen from the system calls (strace): every form writes a
 * fresh temporary, flushes it, renames (or links) it into place and then flushes the directory;
 * the writers that now go through it (the online APK output file, `airsign frames decode`, the
 * signer's state files) are checked the same way. And a temporary name is never predictable: a
 * planted link at the old fixed name is not followed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scratchDir } from '../support/tools.ts';
import { writeFileAtomic } from '../../offline/state/files.ts';

const root = resolve(import.meta.dirname, '../..');
const haveStrace = spawnSync('strace', ['-V']).status === 0;
if (!haveStrace) console.warn('skipped: the durable-writer syscall checks need strace (Debian package strace)');

const dirs: string[] = [];
const freshDir = () => {
  dirs.push(scratchDir('durable'));
  return dirs.at(-1)!;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

type Event = { call: 'fsync'; path: string } | { call: 'place'; from: string; to: string };

/** Runs `script` (ES module code, `root` bound to the checkout) under strace; returns the fsyncs and renames/links, in order. */
function traced(dir: string, script: string): Event[] {
  const log = join(dir, 'strace.log');
  const r = spawnSync('strace', ['-f', '-qq', '-s', '512', '-e', 'trace=openat,open,fsync,fdatasync,rename,renameat,renameat2,link,linkat', '-o', log, process.execPath, '--import', 'tsx', '--input-type=module', '-e', `const root = ${JSON.stringify(root)};\n${script}`], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  // Threads share descriptors (libuv's pool does the async calls), so descriptors are keyed by number;
  // a call another thread interrupts is logged in two halves ("<unfinished ...>", "resumed").
  const fds = new Map<string, string>();
  const pending = new Map<string, string>();
  const events: Event[] = [];
  for (const raw of readFileSync(log, 'utf8').split('\n')) {
    const pid = raw.split(' ')[0]!;
    let line = raw;
    if (line.endsWith('<unfinished ...>')) {
      pending.set(pid, line);
      continue;
    }
    const resumed = /<\.\.\. \w+ resumed>(.*)$/.exec(line);
    if (resumed) {
      line = `${(pending.get(pid) ?? '').replace(/ <unfinished \.\.\.>$/, '')}${resumed[1]}`;
      pending.delete(pid);
    }
    let m = /open(?:at)?\((?:AT_FDCWD, )?"([^"]+)".* = (\d+)$/.exec(line);
    if (m) fds.set(m[2]!, m[1]!);
    m = /f(?:data)?sync\((\d+)\s*\) += 0/.exec(line);
    if (m) events.push({ call: 'fsync', path: fds.get(m[1]!) ?? '?' });
    m = /(?:rename|link)(?:at2?)?\((?:AT_FDCWD, )?"([^"]+)", (?:AT_FDCWD, )?"([^"]+)".*\) += 0/.exec(line);
    if (m) events.push({ call: 'place', from: m[1]!, to: m[2]! });
  }
  return events;
}

/** The file at `path` was flushed under its temporary name, placed, and its directory flushed after. */
function expectDurable(events: Event[], path: string, dir: string): void {
  const placed = events.findIndex((e) => e.call === 'place' && e.to === path);
  expect(placed, `${path} was renamed or linked into place: ${JSON.stringify(events)}`).toBeGreaterThanOrEqual(0);
  const temp = (events[placed] as { from: string }).from;
  expect(temp).toContain('.tmp-');
  expect(events.slice(0, placed).some((e) => e.call === 'fsync' && e.path === temp), `${temp} flushed before it was placed`).toBe(true);
  expect(events.slice(placed).some((e) => e.call === 'fsync' && e.path === dir), `${dir} flushed after ${path} was placed`).toBe(true);
}

describe.skipIf(!haveStrace)('the durable writer, under strace', () => {
  it('flushes file then directory in every form (sync, async, in pieces, a stream placed)', () => {
    const dir = freshDir();
    const events = traced(dir, `
      const d = await import(root + '/node/durable.ts');
      const dir = ${JSON.stringify(dir)};
      d.writeFileDurableSync(dir + '/a', 'a');
      await d.writeFileDurable(dir + '/b', 'b');
      await d.writeFileDurable(dir + '/c', 'c', { exclusive: true });
      const f = new d.DurableFile(dir + '/d'); f.write(new Uint8Array(10)); f.commit();
      const { writeFileSync } = await import('node:fs');
      const t = d.tempPathFor(dir + '/e'); writeFileSync(t, 'e'); await d.placeDurable(t, dir + '/e');
    `);
    for (const name of ['a', 'b', 'c', 'd', 'e']) expectDurable(events, join(dir, name), dir);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('writes the online APK output file durably (its directory was never flushed)', () => {
    const dir = freshDir();
    const events = traced(dir, `
      const { OutputFile } = await import(root + '/online/apk/output-file.ts');
      const out = new OutputFile(${JSON.stringify(join(dir, 'signed.apk'))});
      out.write(new Uint8Array(3 << 20));
      out.commit();
    `);
    expectDurable(events, join(dir, 'signed.apk'), dir);
  });

  it('writes the transfer of `airsign frames decode` durably (it was never flushed)', () => {
    const dir = freshDir();
    const events = traced(dir, `
      const { loadFountain } = await import(root + '/node/wasm.ts');
      const { FrameEncoder } = await import(root + '/protocol/frames/index.ts');
      const { writeFileSync, mkdirSync } = await import('node:fs');
      const { main } = await import(root + '/online/cli/main.ts');
      loadFountain();
      const enc = new FrameEncoder(new TextEncoder().encode('a transfer, say'), { density: 'sparse' });
      mkdirSync(${JSON.stringify(join(dir, 'frames'))});
      for (let i = 0; i < 3; i++) writeFileSync(${JSON.stringify(join(dir, 'frames'))} + '/frame-00000' + (i + 1) + '.bin', enc.next());
      enc.dispose();
      process.exitCode = await main(['frames', 'decode', ${JSON.stringify(join(dir, 'frames'))}, '--out', ${JSON.stringify(join(dir, 'transfer'))}]);
    `);
    expectDurable(events, join(dir, 'transfer'), dir);
    expect(readFileSync(join(dir, 'transfer'), 'utf8')).toBe('a transfer, say');
  });
});

describe('temporary names', () => {
  it('are not predictable: a link planted at the old fixed name of a state file is not followed', () => {
    const dir = freshDir();
    const victim = join(dir, 'victim');
    writeFileSync(victim, 'untouched');
    // The state writer once wrote "<file>.tmp-<pid>", opened without O_EXCL: a link there was followed.
    symlinkSync(victim, join(dir, `policy-state.json.tmp-${process.pid}`));
    writeFileAtomic(join(dir, 'policy-state.json'), '{"v":1}');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readFileSync(join(dir, 'policy-state.json'), 'utf8')).toBe('{"v":1}');
  });
});
