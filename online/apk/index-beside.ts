/**
 * entry.json names the index-v2 file it vouches for, with its SHA-256 and size. When that file
 * sits beside the entry.jar being prepared (repo/ as fdroidserver lays it out), it is checked as
 * fdroidserver's signindex checks it, so an entry.jar that points at another index (or at an
 * all-zero hash) is refused before anything reaches the signer. When it is not there (a JAR
 * uploaded alone), the review still shows the claimed SHA-256.
 */
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApkError } from './errors.ts';
import { fileSha256 } from './file-digest.ts';
import type { IndexFields } from './index-json.ts';
import { RandomAccessFile } from './zip/random-access-file.ts';

const INDEX_NAME = /^\/(?:[A-Za-z0-9_][A-Za-z0-9._-]*\/)*[A-Za-z0-9_][A-Za-z0-9._-]*$/;

function sha256OfFile(path: string): { sha256: string; size: number } {
  const file = RandomAccessFile.open(path);
  try {
    return { sha256: fileSha256(file).toString('hex'), size: file.size };
  } finally {
    file.close();
  }
}

/** Checks the index file entry.json names against what it says of it, if the file is beside the JAR at `jarPath`. */
export function checkIndexBeside(jarPath: string, index: IndexFields['index']): void {
  const name = index?.name;
  if (name === undefined || index?.sha256 === undefined) return;
  if (name.kind !== 'string' || !INDEX_NAME.test(name.text) || name.text.split('/').includes('..')) {
    throw new ApkError('BAD_INDEX', `entry.json names its index ${name.kind === 'string' ? JSON.stringify(name.text).slice(0, 120) : 'with a value that is not a string'}: not a file of the repository`, { entry: 'entry.json' });
  }
  const path = join(dirname(jarPath), name.text.slice(1));
  if (statSync(path, { throwIfNoEntry: false })?.isFile() !== true) return;
  const actual = sha256OfFile(path);
  const size = index.size?.kind === 'number' ? Number(index.size.text) : undefined;
  if (size !== undefined && size !== actual.size) {
    throw new ApkError('INDEX_MISMATCH', `${name.text.slice(1)} beside the JAR has ${actual.size} bytes; entry.json says ${size}`, { entry: 'entry.json' });
  }
  if (index.sha256.kind === 'string' && index.sha256.text !== actual.sha256) {
    throw new ApkError('INDEX_MISMATCH', `${name.text.slice(1)} beside the JAR has SHA-256 ${actual.sha256}; entry.json says ${index.sha256.text}`, { entry: 'entry.json' });
  }
}
