/**
 * docs/offline-laptop.md's own commands, run as written: the install block of section 3 (check the
 * tarball, unpack, check the manifest, link the start script into the PATH, run it) and the key
 * ceremony block of section 4 (keygen, export-cert, policy init into /etc/airsign), taken from the
 * page's code blocks so page and test cannot drift apart. The absolute folders the page names
 * (/media/usb, /opt, /usr/local/bin, /etc/airsign) are moved under a scratch folder, and keygen is
 * given the PIN file (the page has the operator type it); nothing else is changed. It runs inside
 * a network namespace with only loopback, under strace, as test/offline/bundle/bundle.test.ts does.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOfflineBundle } from '../../../offline/bundle/build.ts';
import { scratchDir } from '../../support/tools.ts';
import { freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';

const doc = readFileSync(resolve(import.meta.dirname, '../../../docs/offline-laptop.md'), 'utf8');
const netns = `airsign-install-${process.pid}`;
let work: string;
let hsm: SoftHsm;

/** The first ```sh block after `marker` in section `heading` of the page. */
export function codeBlock(heading: string, marker: string): string {
  const section = doc.slice(doc.indexOf(heading));
  const from = section.indexOf(marker);
  if (from < 0) throw new Error(`docs/offline-laptop.md: "${marker}" not found under "${heading}"`);
  const match = /```sh\n([\s\S]*?)```/.exec(section.slice(from));
  if (match === null) throw new Error(`docs/offline-laptop.md: no sh block after "${marker}"`);
  return match[1]!;
}

/** The page's absolute folders, moved under `root`. */
const rooted = (script: string, root: string) => script.replace(/(^|[\s"'=])(\/media\/usb|\/opt|\/usr\/local\/bin|\/etc\/airsign)(?=[/\s"']|$)/gm, `$1${root}$2`);

beforeAll(() => {
  work = scratchDir('install-doc');
  hsm = freshSoftHsm();
  hsm.initToken('release');
  execFileSync('ip', ['netns', 'add', netns]);
  execFileSync('ip', ['netns', 'exec', netns, 'ip', 'link', 'set', 'lo', 'up']);
});

afterAll(() => {
  spawnSync('ip', ['netns', 'del', netns]);
  hsm?.remove();
});

describe('docs/offline-laptop.md, as written', () => {
  it('installs the bundle, links and runs it, and makes a key and its policy in /etc/airsign, with no network', async () => {
    await buildOfflineBundle(join(work, 'media/usb'));
    for (const dir of ['opt', 'usr/local/bin']) mkdirSync(join(work, dir), { recursive: true });
    const install = codeBlock('## 3.', 'On the offline laptop');
    const ceremony = codeBlock('## 4.', '```sh').replace('airsign-signer keygen ', `airsign-signer keygen --pin-file ${hsm.pinFile} `);
    expect(install).toMatch(/sha256sum -c .*\n[\s\S]*ln -s [\s\S]*airsign-signer --help/);
    expect(ceremony).toMatch(/policy init .*--out \/etc\/airsign\/policy\.json/);
    const script = rooted(`set -e\n${install}\n${ceremony}`, work);
    const r = spawnSync('ip', ['netns', 'exec', netns, 'strace', '-f', '-qq', '-e', 'trace=connect', '-o', join(work, 'strace.log'), 'sh', '-c', script], {
      cwd: work,
      encoding: 'utf8',
      env: { ...hsm.env, HOME: work, PATH: `${join(work, 'usr/local/bin')}:${process.env.PATH ?? ''}` },
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).not.toMatch(/Cannot find module|\n\s+at /);
    expect(r.stdout).toMatch(/: OK\n/); // sha256sum -c of the tarball
    expect(r.stdout).toContain('usage: airsign-signer <command>');
    const policy = join(work, 'etc/airsign/policy.json');
    expect(existsSync(policy)).toBe(true);
    expect(statSync(join(work, 'etc/airsign')).mode & 0o777).toBe(0o700);
    const attempts = readFileSync(join(work, 'strace.log'), 'utf8').split('\n').filter((l) => l.includes('connect(') && !l.includes('AF_UNIX'));
    expect(attempts).toEqual([]);
  });
});
