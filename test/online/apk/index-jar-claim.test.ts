/**
 * What an index JAR's JSON asserts about its repository, read by the online side for the review
 * (the item's fdroidIndex claim): entry.json's index.numPackages and index.sha256, index-v1.json's
 * repo.name, apps list and packages lists, counted as they stream past. A value the review could
 * not show honestly (hidden characters, a bad hash, a count past the bound) is refused BAD_INDEX.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectArtifact } from '../../../online/apk/index.ts';
import { isWellFormedText } from '../../../protocol/encoding/text.ts';
import { MAX_INDEX_COUNT } from '../../../protocol/kinds/index.ts';
import { scratchDir } from '../../support/tools.ts';
import { buildZip } from '../../support/zip-builder.ts';

const dir = scratchDir('index-jar-claim');
let n = 0;
function jar(name: 'entry' | 'index-v1', json: string) {
  const path = join(dir, `${n++}-${name}.jar`);
  writeFileSync(path, buildZip([{ name: `${name}.json`, data: Buffer.from(json), method: 8 }], { align: false }));
  return () => inspectArtifact(path, { jarName: `${name}.jar` }).info;
}
const sha = 'c0ffee'.padEnd(64, '0');
const entry = (index: string) => `{"timestamp": 1764000000000, "version": 20002, "index": ${index}}`;
const v1 = (repo: string, rest: string) => `{"repo": {"timestamp": 1764000000000, "version": 21, ${repo}}, "requests": {"install": [], "uninstall": []}${rest}}`;

describe('an index JAR\'s claim about its repository', () => {
  it('reads entry.json\'s package names (apps) and index-v2 SHA-256', () => {
    expect(jar('entry', entry(`{"name": "/index-v2.json", "sha256": "${sha}", "size": 10, "numPackages": 7}`))().fdroidIndex)
      .toEqual({ apps: 7, indexV2Sha256: Uint8Array.from(Buffer.from(sha, 'hex')) });
  });

  it('reads index-v1.json\'s repository name, apps and packages (every version of every app)', () => {
    const json = v1('"name": "My \\"repo\\" ✓", "icon": "x.png"', ', "apps": [{"packageName": "a", "x": [1, [2]]}, {"packageName": "b"}], "packages": {"a": [{"versionCode": 1, "y": [3]}, {"versionCode": 2}], "b": [{"versionCode": 5}]}');
    expect(jar('index-v1', json)().fdroidIndex).toEqual({ repoName: 'My "repo" ✓', apps: 2, packages: 3 });
  });

  it('says nothing where the index says nothing, or nothing it can count', () => {
    expect(jar('entry', '{"timestamp": 1764000000000}')().fdroidIndex).toBeUndefined();
    // A packages object whose values are not lists (index-v2's shape) is not counted.
    expect(jar('index-v1', v1('"name": "R"', ', "apps": [], "packages": {"a": {"versions": {}}}'))().fdroidIndex).toEqual({ repoName: 'R', apps: 0 });
  });

  it('cuts a long repository name to 100 characters, never inside a character', () => {
    const name = `${'é'.repeat(50)}${'😀'.repeat(60)}`;
    const got = jar('index-v1', v1(`"name": "${name}"`, ''))().fdroidIndex!.repoName!;
    expect(got.length).toBeLessThanOrEqual(100);
    expect(got.endsWith('…')).toBe(true);
    expect(name.startsWith(got.slice(0, -1))).toBe(true);
    expect(isWellFormedText(got)).toBe(true);
  });

  it.each([
    ['a repository name with a right-to-left override', jar('index-v1', v1('"name": "F-Droid\\u202erepo"', '')), /repository name with control, bidi or invisible/],
    ['a repository name that is not text', jar('index-v1', v1('"name": {"en-US": "R"}', '')), /repository name that is not a string/],
    ['an index-v2 SHA-256 too short', jar('entry', entry('{"sha256": "abcd", "numPackages": 1}')), /index\.sha256 that is not a SHA-256/],
    ['an index-v2 SHA-256 in upper case', jar('entry', entry(`{"sha256": "${sha.toUpperCase()}"}`)), /index\.sha256 that is not a SHA-256/],
    ['a fractional numPackages', jar('entry', entry('{"numPackages": 1.5}')), /numPackages that is not a count/],
    ['a numPackages past the bound', jar('entry', entry(`{"numPackages": ${MAX_INDEX_COUNT + 1}}`)), /beyond 10000000/],
    ['a second apps list', jar('index-v1', v1('"name": "R"', ', "apps": [1], "apps": [1, 2]')), /"apps" twice/],
    ['a second index object', jar('entry', `{"timestamp": 1, "index": {"numPackages": 1}, "index": {"numPackages": 2}}`), /"index" twice/],
    ['a second sha256 in index', jar('entry', entry(`{"sha256": "${sha}", "sha256": "${sha}"}`)), /"sha256" twice/],
  ])('refuses %s with BAD_INDEX', (_name, read, message) => {
    expect(read).toThrow(expect.objectContaining({ code: 'BAD_INDEX', message: expect.stringMatching(message) }));
  });
});
