/**
 * online/apk/index-beside.ts: an entry.jar prepared beside the index-v2 file its entry.json names
 * is checked as fdroidserver's signindex checks it (SHA-256 and size), so a zeroed or wrong hash is
 * refused INDEX_MISMATCH before a request is made; a JAR alone keeps the claim for the review.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApkError, inspectArtifact } from '../../../online/apk/index.ts';
import { scratchDir } from '../../support/tools.ts';
import { buildZip } from '../../support/zip-builder.ts';

const root = scratchDir('index-beside');
const v2 = Buffer.from('{"repo": {"timestamp": 1764000000000}, "packages": {}}\n');
const v2Sha = createHash('sha256').update(v2).digest('hex');
let n = 0;

/** repo/entry.jar (and repo/index-v2.json unless `withIndex` is false) in a fresh directory; the JAR's path. */
function repo(index: string, withIndex = true): string {
  const dir = join(root, String(n++));
  mkdirSync(dir);
  if (withIndex) writeFileSync(join(dir, 'index-v2.json'), v2);
  const json = `{"timestamp": 1764000000000, "version": 20002, "index": ${index}}`;
  const path = join(dir, 'entry.jar');
  writeFileSync(path, buildZip([{ name: 'entry.json', data: Buffer.from(json), method: 8 }], { align: false }));
  return path;
}
const claim = (sha: string, size = v2.length, name = '/index-v2.json') => `{"name": "${name}", "sha256": "${sha}", "size": ${size}, "numPackages": 0}`;

describe('entry.jar against the index-v2 file beside it', () => {
  it('prepares an entry.jar whose index-v2 file matches, and one whose file is not beside it', () => {
    expect(inspectArtifact(repo(claim(v2Sha))).info.fdroidIndex?.indexV2Sha256).toEqual(Uint8Array.from(Buffer.from(v2Sha, 'hex')));
    expect(inspectArtifact(repo(claim('0'.repeat(64)), false)).info.fdroidIndex?.indexV2Sha256).toEqual(new Uint8Array(32));
  });

  it.each([
    ['an all-zero SHA-256', claim('0'.repeat(64)), 'INDEX_MISMATCH', /SHA-256/],
    ['another file\'s SHA-256', claim(createHash('sha256').update('other').digest('hex')), 'INDEX_MISMATCH', /entry\.json says/],
    ['a wrong size', claim(v2Sha, v2.length + 1), 'INDEX_MISMATCH', /bytes; entry\.json says/],
    ['an index outside the repository', claim(v2Sha, v2.length, '/../index-v2.json'), 'BAD_INDEX', /not a file of the repository/],
    ['an index name that is not a path', claim(v2Sha, v2.length, 'index-v2.json'), 'BAD_INDEX', /not a file of the repository/],
  ])('refuses %s', (_what, index, code, message) => {
    const path = repo(index);
    let caught: unknown;
    try {
      inspectArtifact(path);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ApkError);
    expect((caught as ApkError).code).toBe(code);
    expect((caught as Error).message).toMatch(message);
  });
});
