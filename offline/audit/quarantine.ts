/**
 * Sets a torn last record aside: its bytes are copied into a quarantine file beside the log and
 * synced, then the log is cut back to its last complete line and synced. Earlier records are
 * never touched.
 */
import { closeSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { syncDirSync } from '../../node/durable.ts';

export function quarantineTail(logPath: string, goodLength: number, now: Date = new Date()): string {
  const target = `${logPath}.torn-${now.toISOString().replace(/[:.]/g, '-')}`;
  const log = openSync(logPath, 'r+');
  try {
    const out = openSync(target, 'a', 0o600);
    try {
      const chunk = Buffer.alloc(64 * 1024);
      for (let at = goodLength; ; ) {
        const n = readSync(log, chunk, 0, chunk.length, at);
        if (n === 0) break;
        writeSync(out, chunk, 0, n);
        at += n;
      }
      fsyncSync(out);
    } finally {
      closeSync(out);
    }
    ftruncateSync(log, goodLength);
    fsyncSync(log);
  } finally {
    closeSync(log);
  }
  syncDirSync(dirname(logPath));
  return target;
}
