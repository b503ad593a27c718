/**
 * Hands an artifact to the spool: checks the submission, then accepts the file from incoming/
 * (already on disk with its SHA-256). Submitting the same file again, for the same key and
 * schemes, by the same submitter, while the first is not failed, returns the first: a retried
 * upload is not signed twice.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Scheme } from '../../protocol/messages/index.ts';
import { syncFile } from '../../node/durable.ts';
import { loadPin, PRIVATE_FILE } from '../store/index.ts';
import type { ArtifactFacts, ArtifactRecord, Spool, Submitter } from '../store/index.ts';
import { PipelineError } from './errors.ts';
import type { ProofChoice } from '../apk/proof/choose.ts';
import { parseNewKeyRef } from './new-key.ts';

export interface Submission {
  readonly fileName: string;
  /** SHA-256 of the pinned certificate to sign with, hex. */
  readonly key: string;
  readonly schemes?: readonly Scheme[];
  /** Whether the APK's v2/v3 round carries a manifest proof (online/apk/proof); default auto. */
  readonly manifestProof?: ProofChoice;
  readonly submitter: Submitter;
  /** What the server already read from the file to check the submitter may send it. */
  readonly facts?: ArtifactFacts;
}

/** A file already written into the spool's incoming/ directory. */
export interface IncomingFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function checkFileName(fileName: string): void {
  if (!FILE_NAME.test(fileName)) throw new PipelineError('BAD_SUBMISSION', `"${fileName}" is not a plain file name (letters, digits, ".", "_", "-"; at most 200)`);
}

export async function acceptIncoming(spool: Spool, incoming: IncomingFile, submission: Submission, now = Date.now()): Promise<{ record: ArtifactRecord; duplicate: boolean }> {
  try {
    checkFileName(submission.fileName);
    if (parseNewKeyRef(submission.key) === undefined && (await loadPin(spool.layout, submission.key)) === undefined) {
      throw new PipelineError('UNKNOWN_KEY', `no certificate with SHA-256 ${submission.key} is pinned; pin it with "airsign certs add"`);
    }
    const schemes = submission.schemes?.join(',');
    // A detached signature is published under its file's name: the same bytes under two names (two index files of one content) are two signatures.
    const sameName = (a: ArtifactRecord) => submission.facts?.kind !== 'openpgp' || a.fileName === submission.fileName;
    const earlier = spool
      .artifacts()
      .find((a) => a.sha256 === incoming.sha256 && a.key === submission.key && a.schemes?.join(',') === schemes && a.submitter.name === submission.submitter.name && a.state !== 'failed' && sameName(a));
    if (earlier !== undefined) {
      await rm(incoming.path, { force: true });
      return { record: earlier, duplicate: true };
    }
    const record = await spool.addArtifact(incoming.path, {
      fileName: submission.fileName,
      size: incoming.size,
      sha256: incoming.sha256,
      key: submission.key,
      ...(submission.schemes === undefined ? {} : { schemes: [...submission.schemes] }),
      ...(submission.manifestProof === undefined ? {} : { manifestProof: submission.manifestProof }),
      submitter: submission.submitter,
      ...(submission.facts === undefined ? {} : { kind: submission.facts.kind, facts: submission.facts }),
      receivedAt: now,
    });
    return { record, duplicate: false };
  } catch (error) {
    await rm(incoming.path, { force: true });
    throw error;
  }
}

/** A pass-through that hashes and counts what flows, and stops past `maxBytes`. */
export function measuringStream(maxBytes: number, tooLarge: () => Error): { stream: Transform; result: () => { size: number; sha256: string } } {
  const hash = createHash('sha256');
  let size = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done(tooLarge());
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  return { stream, result: () => ({ size, sha256: hash.digest('hex') }) };
}

/** Copies a local file into incoming/, hashing it on the way. */
export async function copyIntoIncoming(spool: Spool, source: string): Promise<IncomingFile> {
  const path = spool.incomingPath();
  const measure = measuringStream(Number.MAX_SAFE_INTEGER, () => new Error('unreachable'));
  try {
    await pipeline(createReadStream(source), measure.stream, createWriteStream(path, { flags: 'wx', mode: PRIVATE_FILE }));
    await syncFile(path);
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
  return { path, ...measure.result() };
}
