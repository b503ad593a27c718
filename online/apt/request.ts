/**
 * `airsign apt sign`, the shared core: finds the Release file, reads key.asc and the certificate
 * of the same key (given, or pinned in the session before), pins it with the key's OpenPGP creation
 * time, takes the Release file in under the name of what it becomes (InRelease, in out/) and runs
 * the pipeline until the request is written, as `airsign request` does. Everything is checked before
 * the session directory is made.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isReleaseFileError, parseRelease, releaseNames } from '../../protocol/apt/index.ts';
import { toHex } from '../../protocol/bytes.ts';
import { sha256 } from '../../protocol/hash.ts';
import { runUntilIdle } from '../pipeline/index.ts';
import type { PipelineParts } from '../pipeline/index.ts';
import { acceptIncoming, copyIntoIncoming } from '../pipeline/submit.ts';
import { certificateFromFile } from '../pins/index.ts';
import { loadBatchCap, openWorkspace, saveBatchCap, workspaceContext } from '../session/index.ts';
import { openRequestsFor } from '../session/workspace.ts';
import { Spool, listPins, savePin } from '../store/index.ts';
import type { ArtifactRecord, PinnedCertificate } from '../store/index.ts';
import { OpenPgpError, certificateHasKey, readOpenPgpKeyFile } from '../openpgp/index.ts';
import type { OpenPgpKeyFile } from '../openpgp/index.ts';
import { AptError } from './errors.ts';
import { recordRelease } from './marker.ts';

/** The name the Release file is taken in under: its signed form, out/InRelease. */
export const SIGNED_NAME = 'InRelease';

export interface AptSignOptions {
  readonly dir: string;
  /** A Release file, or a directory holding one (dists/<suite>/). */
  readonly release: string;
  readonly keyFile: string;
  /** The key's X.509 certificate (PEM, DER or the ceremony's certificate message); not needed for a session that has it pinned. */
  readonly certFile?: string;
  readonly maxItems?: number;
  readonly parts: PipelineParts;
  readonly log: (line: string) => void;
}

export interface AptSignResult {
  readonly requests: string[];
  readonly artifact: ArtifactRecord;
  readonly releasePath: string;
  readonly key: OpenPgpKeyFile;
}

export async function releasePathOf(given: string): Promise<string> {
  const info = await stat(given).catch(() => undefined);
  if (info === undefined) throw new AptError('NO_RELEASE', `cannot read ${given}: no such file or directory`);
  const path = info.isDirectory() ? join(given, 'Release') : given;
  if (!existsSync(path)) throw new AptError('NO_RELEASE', `${given} holds no Release file (give dists/<suite>/ or its Release file)`);
  return resolve(path);
}

/** key.asc as `airsign openpgp sign` reads it; what it cannot read is KEY_UNREADABLE here. */
async function readKeyFile(path: string): Promise<OpenPgpKeyFile> {
  const bytes = await readFile(path).catch((cause: unknown) => {
    throw new AptError('KEY_UNREADABLE', `cannot read the key ${path}`, { cause });
  });
  try {
    return readOpenPgpKeyFile(new Uint8Array(bytes));
  } catch (cause) {
    if (cause instanceof OpenPgpError) throw new AptError('KEY_UNREADABLE', `${path}: ${cause.message}; give the key.asc "airsign-signer export-openpgp" wrote`, { cause });
    throw cause;
  }
}

/** The v4 fingerprint, upper-case hex as gpg prints it. */
export const fingerprintHex = (key: OpenPgpKeyFile): string => toHex(key.fingerprint).toUpperCase();

async function certificateFor(options: AptSignOptions, key: OpenPgpKeyFile): Promise<PinnedCertificate> {
  if (options.certFile !== undefined) {
    const bytes = await readFile(options.certFile).catch((cause: unknown) => {
      throw new AptError('CERT_NEEDED', `cannot read the certificate ${options.certFile ?? ''}`, { cause });
    });
    const pin = certificateFromFile(new Uint8Array(bytes), (b) => options.parts.codec.readMessageFile(b));
    if (!certificateHasKey(pin, key)) throw new AptError('KEY_MISMATCH', `the certificate ${options.certFile} is not of the key in ${options.keyFile} (OpenPGP fingerprint ${fingerprintHex(key)})`);
    return pin;
  }
  const pins = existsSync(options.dir) ? await listPins((await Spool.openReadOnly(options.dir)).layout) : [];
  const pin = pins.find((p) => certificateHasKey(p, key));
  if (pin === undefined) throw new AptError('CERT_NEEDED', `no certificate pinned in ${options.dir} is of the key in ${options.keyFile}: give the key's certificate with --cert FILE`);
  return pin;
}

export async function requestAptSigning(options: AptSignOptions): Promise<AptSignResult> {
  const releasePath = await releasePathOf(options.release);
  const bytes = new Uint8Array(await readFile(releasePath));
  try {
    parseRelease(bytes);
  } catch (error) {
    if (isReleaseFileError(error)) throw new AptError('NOT_A_RELEASE', `${releasePath} is not a Release file: ${error.code}: ${error.message}`, { cause: error });
    throw error;
  }
  const key = await readKeyFile(options.keyFile);
  const pin = { ...(await certificateFor(options, key)), openpgpCreated: key.key.created };
  const spool = await openWorkspace(options.dir, true);
  try {
    if (options.maxItems !== undefined) await saveBatchCap(options.dir, options.maxItems);
    const maxItems = await loadBatchCap(options.dir);
    await savePin(spool.layout, pin);
    const release = parseRelease(bytes);
    const incoming = await copyIntoIncoming(spool, releasePath);
    const { record, duplicate } = await acceptIncoming(spool, incoming, {
      fileName: SIGNED_NAME,
      key: pin.sha256,
      submitter: { name: 'local' },
      facts: { kind: 'apt-release', name: releaseNames(release)[0]!, versionCode: release.date, versionName: release.suite ?? release.codename! },
    });
    if (duplicate) options.log(`${releasePath}: already in this session directory (${record.state})`);
    await recordRelease(options.dir, { artifactId: record.id, releasePath, sha256: toHex(sha256(bytes)) });
    await runUntilIdle(workspaceContext(spool, options.parts, options.log, maxItems));
    return { requests: openRequestsFor(spool, new Set([record.id])), artifact: spool.artifact(record.id)!, releasePath, key };
  } finally {
    await spool.close();
  }
}
