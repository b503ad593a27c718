import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROGRAM_VERSION } from '../../protocol/version.ts';

describe('PROGRAM_VERSION', () => {
  it('is the version package.json gives', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(PROGRAM_VERSION).toBe(pkg.version);
  });
});
