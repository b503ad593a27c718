/** offline/signing/journal.ts: The in-progress journal: what a kill leaves is read back, a torn last line is dropped, and a rerun appends cleanly after it. */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Journal, journalPath, readJournal } from '../../../offline/signing/journal.ts';

const dir = mkdtempSync(join(tmpdir(), 'airsign-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const request = 'ab'.repeat(32);
const sig = (n: number) => new Uint8Array([n, n + 1, n + 2]);

describe('in-progress journal', () => {
  it('keeps items across a kill that tore a line, and appends the rerun\'s after it', () => {
    const first = Journal.open(dir, request, 5);
    first.append(0, [sig(1), sig(2)]);
    first.close();
    // The kill came in the middle of the next line.
    appendFileSync(journalPath(dir, request), '{"item":1,"raw":["AQ');
    expect([...readJournal(dir, request)!.signed.keys()]).toEqual([0]);
    const again = Journal.open(dir, request, 9);
    again.append(1, [sig(3)]);
    again.close();
    const read = readJournal(dir, request)!;
    expect(read.startSeq).toBe(5);
    expect([...read.signed.keys()]).toEqual([0, 1]);
    expect(read.signed.get(1)).toEqual([sig(3)]);
  });

  it('holds nothing for another request, or a journal torn in its header', () => {
    expect(readJournal(dir, 'cd'.repeat(32))).toBeUndefined();
    const other = 'ef'.repeat(32);
    appendFileSync(journalPath(dir, other), '{"request":"ef');
    expect(readJournal(dir, other)).toBeUndefined();
    const j = Journal.open(dir, other, 2);
    j.append(4, [sig(4)]);
    j.close();
    expect([...readJournal(dir, other)!.signed.keys()]).toEqual([4]);
  });
});
