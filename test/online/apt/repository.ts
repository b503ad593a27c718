/**
 * A tiny local Debian repository for the apt tests, made by Debian's own tools: one real package
 * built by `dpkg-deb --build`, its Packages index by `apt-ftparchive packages`, the Release file by
 * `apt-ftparchive release`; and `apt-get update` against it with its own state, cache and
 * configuration directories and `signed-by` the given key, so the machine's apt is never touched.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const aptToolsMissing = ['apt-get', 'apt-ftparchive', 'dpkg-deb', 'gpgv'].find((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);

export interface Run {
  readonly code: number | null;
  readonly output: string;
}

function run(command: string, args: readonly string[], cwd?: string): Run & { stdout: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 300_000 });
  if (r.error !== undefined) throw r.error;
  return { code: r.status, output: `${r.stdout}${r.stderr}`, stdout: r.stdout };
}

function must(r: Run & { stdout: string }, what: string): string {
  if (r.code !== 0) throw new Error(`${what} failed: ${r.output}`);
  return r.stdout;
}

export interface Repository {
  readonly root: string;
  /** dists/<suite>/ */
  readonly suiteDir: string;
  readonly release: string;
}

/** The repository at `root`: pool/main/h/hello-airsign_1.0_all.deb, dists/<suite>/main/binary-amd64/Packages, dists/<suite>/Release. */
export function makeRepository(root: string, fields: { origin: string; label: string; suite: string; codename: string }): Repository {
  const pkg = join(root, 'build', 'hello-airsign');
  mkdirSync(join(pkg, 'DEBIAN'), { recursive: true });
  mkdirSync(join(pkg, 'usr', 'share', 'doc', 'hello-airsign'), { recursive: true });
  writeFileSync(join(pkg, 'DEBIAN', 'control'), 'Package: hello-airsign\nVersion: 1.0\nArchitecture: all\nMaintainer: airsign tests <tests@example.org>\nDescription: a package for the airsign apt tests\n');
  writeFileSync(join(pkg, 'usr', 'share', 'doc', 'hello-airsign', 'README'), 'signed through airsign\n');
  const pool = join(root, 'pool', 'main', 'h');
  mkdirSync(pool, { recursive: true });
  must(run('dpkg-deb', ['--root-owner-group', '--build', pkg, join(pool, 'hello-airsign_1.0_all.deb')]), 'dpkg-deb --build');
  const suiteDir = join(root, 'dists', fields.suite);
  const binary = join(suiteDir, 'main', 'binary-amd64');
  mkdirSync(binary, { recursive: true });
  writeFileSync(join(binary, 'Packages'), must(run('apt-ftparchive', ['packages', 'pool'], root), 'apt-ftparchive packages'));
  const release = must(
    run('apt-ftparchive', [
      '-o', `APT::FTPArchive::Release::Origin=${fields.origin}`,
      '-o', `APT::FTPArchive::Release::Label=${fields.label}`,
      '-o', `APT::FTPArchive::Release::Suite=${fields.suite}`,
      '-o', `APT::FTPArchive::Release::Codename=${fields.codename}`,
      '-o', 'APT::FTPArchive::Release::Architectures=amd64',
      '-o', 'APT::FTPArchive::Release::Components=main',
      'release', '.',
    ], suiteDir),
    'apt-ftparchive release',
  );
  writeFileSync(join(suiteDir, 'Release'), release);
  return { root, suiteDir, release: join(suiteDir, 'Release') };
}

/** `apt-get update` of this repository alone, trusting only `key` (signed-by), in directories under `work`. */
export function aptGetUpdate(work: string, repo: Repository, suite: string, key: string): Run {
  for (const d of ['etc/apt.conf.d', 'etc/preferences.d', 'etc/trusted.gpg.d', 'state/lists/partial', 'cache/archives/partial']) mkdirSync(join(work, d), { recursive: true });
  writeFileSync(join(work, 'etc', 'sources.list'), `deb [signed-by=${key}] file:${repo.root} ${suite} main\n`);
  writeFileSync(join(work, 'status'), '');
  return run('apt-get', [
    '-o', `Dir::Etc=${join(work, 'etc')}`,
    '-o', 'Dir::Etc::sourcelist=sources.list',
    '-o', 'Dir::Etc::sourceparts=-',
    '-o', `Dir::Etc::trusted=${join(work, 'etc', 'trusted.gpg')}`,
    '-o', `Dir::Etc::trustedparts=${join(work, 'etc', 'trusted.gpg.d')}`,
    '-o', `Dir::State=${join(work, 'state')}`,
    '-o', `Dir::State::status=${join(work, 'status')}`,
    '-o', `Dir::Cache=${join(work, 'cache')}`,
    '-o', 'Debug::NoLocking=1',
    '-o', 'APT::Sandbox::User=root',
    '-o', 'APT::Architecture=amd64',
    '-o', 'APT::Architectures=amd64',
    '-o', 'Acquire::Languages=none',
    'update',
  ]);
}

/** The package list apt made from the repository it accepted (empty when it accepted nothing). */
export function aptListed(work: string): string {
  const r = run('sh', ['-c', `cat ${join(work, 'state', 'lists')}/*_Packages* 2>/dev/null || true`]);
  return r.stdout;
}
