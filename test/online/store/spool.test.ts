/** online/store/spool.ts and lock.ts: The spool: records survive a reopen, temporaries are swept, the lock is exclusive but not stuck after a kill. */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromJson, isStoreError, Spool, toJson } from '../../../online/store/index.ts';

const root = resolve(import.meta.dirname, '../../..');

async function freshDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'airsign-spool-'));
}

async function addOne(spool: Spool, content = 'artifact bytes') {
  const incoming = spool.incomingPath();
  await writeFile(incoming, content);
  return spool.addArtifact(incoming, {
    fileName: 'app.apk',
    size: content.length,
    sha256: '00'.repeat(32),
    key: '11'.repeat(32),
    submitter: { name: 'test' },
    receivedAt: Date.now(),
  });
}

describe('spool', () => {
  it('keeps bytes exact through JSON', () => {
    const value = { a: new Uint8Array([0, 1, 254, 255]), b: [Buffer.from('hi')], c: 'text' };
    const back = fromJson(toJson(value)) as typeof value;
    expect(back.a).toEqual(new Uint8Array([0, 1, 254, 255]));
    expect(back.b[0]).toEqual(new Uint8Array([104, 105]));
    expect(back.c).toBe('text');
  });

  it('refuses a directory that is not a spool unless asked to create one', async () => {
    const dir = await freshDir();
    await expect(Spool.open(dir)).rejects.toSatisfy((e) => isStoreError(e, 'NOT_A_SPOOL'));
    const spool = await Spool.open(dir, { create: { pickupDir: 'out', pickupLayout: 'flat' } });
    await spool.close();
  });

  it('reloads records and sweeps what a dead process left half-done', async () => {
    const dir = await freshDir();
    let spool = await Spool.open(dir, { create: { pickupDir: 'pickup', pickupLayout: 'by-id' } });
    const record = await addOne(spool);
    expect(await readFile(spool.layout.artifactInput(record.id), 'utf8')).toBe('artifact bytes');
    // Leftovers of a crash: an upload in progress, a half-built artifact directory, a temp record.
    await writeFile(spool.incomingPath(), 'partial upload');
    await writeFile(join(spool.layout.artifactDir(record.id), '.tmp-record.json-1-abcd'), '{"trunc');
    await spool.close();
    await writeFile(join(dir, 'artifacts', '.tmp-xyz'), 'half');

    spool = await Spool.open(dir);
    expect(spool.artifacts().map((a) => a.id)).toEqual([record.id]);
    expect(spool.artifact(record.id)?.state).toBe('received');
    expect(await readdir(spool.layout.incoming)).toEqual([]);
    expect((await readdir(join(dir, 'artifacts'))).sort()).toEqual([record.id]);
    expect(await readdir(spool.layout.artifactDir(record.id))).not.toContain('.tmp-record.json-1-abcd');
    await spool.close();
  });

  it('lets one process in at a time, and takes over the lock of a killed one', async () => {
    const dir = await freshDir();
    await (await Spool.open(dir, { create: { pickupDir: 'out', pickupLayout: 'flat' } })).close();
    const holder = spawn(process.execPath, ['--import', 'tsx', '-e', `
      const { Spool } = await import(${JSON.stringify(join(root, 'online/store/index.ts'))});
      await Spool.open(${JSON.stringify(dir)});
      process.stdout.write('locked\\n');
      setInterval(() => {}, 1000);
    `], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((done) => holder.stdout.once('data', () => done()));
    await expect(Spool.open(dir)).rejects.toSatisfy((e) => isStoreError(e, 'LOCKED'));
    holder.kill('SIGKILL');
    await new Promise((done) => holder.once('exit', done));
    const spool = await Spool.open(dir);
    await spool.close();
  });
});
