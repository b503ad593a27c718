/**
 * Every error of both programs is one line on stderr that names the thing and what to do: no
 * stack trace, no errno text twice ("ENOENT: ENOENT: ..."). A set of bad invocations is run
 * against the real programs; a port already taken is said with the option that changes it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorLine } from '../protocol/cli/index.ts';
import type { Command } from '../protocol/cli/index.ts';

const root = resolve(import.meta.dirname, '..');
const AIRSIGN = join(root, 'online/cli/airsign.js');
const SIGNER = join(root, 'offline/cli/airsign-signer.js');
const work = mkdtempSync(join(tmpdir(), 'airsign-cli-errors-'));
const nowhere = join(work, 'nothere');

const bad: [string, string[], RegExp][] = [
  [AIRSIGN, ['requets'], /did you mean request\?/],
  [AIRSIGN, ['frames', 'encde'], /did you mean encode\?/],
  [AIRSIGN, ['inspect', '--jsn', 'x.apk'], /did you mean --json\?/],
  [AIRSIGN, ['inspect', `${nowhere}.apk`], /nothere\.apk: no such file or directory; check the path$/],
  [AIRSIGN, ['verify', `${nowhere}.apk`], /cannot read .*nothere\.apk: no such file or directory; check the path$/],
  [AIRSIGN, ['frames', 'encode', `${nowhere}.msg`, '--out', join(work, 'frames')], /nothere\.msg: no such file or directory; check the path$/],
  [AIRSIGN, ['frames', 'decode', nowhere, '--out', join(work, 'x.msg')], /nothere: no such file or directory; check the path$/],
  [AIRSIGN, ['request', `${nowhere}.apk`, '--session', join(work, 'session')], /cannot read .*nothere\.apk: no such file; check the path$/],
  [AIRSIGN, ['receive', nowhere, '--in', `${nowhere}.msg`], /nothere/],
  [AIRSIGN, ['verify', '-x', 'a.apk'], /unknown option -x/],
  [AIRSIGN, ['certs', 'add', `${nowhere}.pem`, '--state', join(work, 'spool')], /nothere\.pem: no such file or directory; check the path$/],
  [AIRSIGN, ['status', nowhere], /nothere/],
  [AIRSIGN, ['show', nowhere], /nothere/],
  [AIRSIGN, ['serve', '--config', `${nowhere}.json`], /nothere\.json/],
  [SIGNER, ['sgin'], /did you mean sign\?/],
  [SIGNER, ['sign', '--in', `${nowhere}.msg`, '--out', join(work, 'a.msg'), '--policy', `${nowhere}.json`], /nothere\.json: no such file or directory; check the path$/],
  [SIGNER, ['keys', '--module', `${nowhere}.so`], /nothere\.so/],
  [SIGNER, ['policy', 'init', '--module', `${nowhere}.so`, '--out', join(work, 'etc/policy.json')], /nothere\.so/],
  [SIGNER, ['audit', 'verify', '--state', nowhere], /nothere/],
  [SIGNER, ['serve', '--policy', `${nowhere}.json`], /nothere\.json/],
];

describe('bad invocations', () => {
  it.each(bad.map(([bin, args, expected]) => [`${bin === AIRSIGN ? 'airsign' : 'airsign-signer'} ${args.join(' ').replaceAll(work, '…')}`, bin, args, expected] as const))(
    '%s: one line on stderr, no stack trace',
    (_label, bin, args, expected) => {
      const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: work });
      expect(r.status, r.stderr).not.toBe(0);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^airsign(-signer)?: /);
      expect(lines[0]).not.toMatch(/\bE[A-Z]{3,}: E[A-Z]{3,}\b|, open '|\bat .*\(.*:\d+:\d+\)/);
      expect(lines[0]).toMatch(expected);
    },
  );

  it('creates no session directory and pins nothing when an artifact is missing', () => {
    expect(existsSync(join(work, 'session'))).toBe(false);
  });

  it('names --port when the port is taken', async () => {
    const first = createServer();
    await new Promise<void>((done) => first.listen(0, '127.0.0.1', done));
    const port = (first.address() as AddressInfo).port;
    const second = createServer();
    const error = await new Promise<unknown>((done) => {
      second.once('error', done);
      second.listen(port, '127.0.0.1');
    });
    first.close();
    const show = { name: 'show', options: { port: { type: 'string', description: 'port' } } } as unknown as Command;
    expect(errorLine('airsign', error, show)).toBe(`airsign: port in use: 127.0.0.1:${port} is taken by another program; stop it, or choose another with --port (0 picks a free one)`);
    const serve = { name: 'serve', options: { config: { type: 'string', description: 'config' } } } as unknown as Command;
    expect(errorLine('airsign', error, serve)).toMatch(/choose another port in the config \(listen\.port\)$/);
  });
});
