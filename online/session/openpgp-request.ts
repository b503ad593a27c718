/**
 * `airsign openpgp sign`, the shared core: finds the token key the exported OpenPGP certificate
 * (key.asc) is the OpenPGP form of, among the certificates given and those the session has
 * pinned, pins it with its OpenPGP creation time, takes the files in as `openpgp` items and runs
 * the pipeline until the request is written. As `request`, every input is checked first, and a
 * rerun finds the same files and writes no second request for them.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { PipelineParts } from '../pipeline/index.ts';
import { runUntilIdle } from '../pipeline/index.ts';
import { acceptIncoming, checkFileName, copyIntoIncoming } from '../pipeline/submit.ts';
import { pinForKeyFile, readOpenPgpKeyFile, recordBinaryOutputs } from '../openpgp/index.ts';
import { certificateFromFile } from '../pins/index.ts';
import { Spool, listPins, savePin } from '../store/index.ts';
import type { PinnedCertificate } from '../store/index.ts';
import { loadBatchCap, saveBatchCap } from './batch-cap.ts';
import { SessionError } from './errors.ts';
import type { RequestResult } from './request.ts';
import { checkArtifactFile } from './request.ts';
import { openRequestsFor, openWorkspace, workspaceContext } from './workspace.ts';

export interface OpenPgpRequestOptions {
  readonly dir: string;
  readonly files: readonly string[];
  /** The OpenPGP certificate `airsign-signer export-openpgp` wrote. */
  readonly keyFile: string;
  /** X.509 certificates (PEM, DER, or the ceremony's certificate message) to find the key among; the session's pins are searched too. */
  readonly certFiles?: readonly string[];
  readonly maxItems?: number;
  /** Also write `<file>.sig` (binary) beside each `.asc` when the answer comes back; absent keeps the session's choice. */
  readonly binary?: boolean;
  readonly parts: PipelineParts;
  readonly log: (line: string) => void;
}

async function readBytes(file: string, what: string): Promise<Uint8Array> {
  return new Uint8Array(await readFile(file).catch((cause: unknown) => {
    throw new SessionError('CERT_NEEDED', `cannot read the ${what} ${file}`, { cause });
  }));
}

async function candidatePins(options: OpenPgpRequestOptions): Promise<PinnedCertificate[]> {
  const given = await Promise.all((options.certFiles ?? []).map(async (f) => certificateFromFile(await readBytes(f, 'certificate'), (b) => options.parts.codec.readMessageFile(b))));
  const pinned = existsSync(options.dir) ? await listPins((await Spool.openReadOnly(options.dir)).layout) : [];
  // A pin already carrying the OpenPGP creation time first: it says which export the session took.
  return [...pinned, ...given];
}

export async function requestOpenPgpSignatures(options: OpenPgpRequestOptions): Promise<RequestResult> {
  const names = options.files.map((f) => basename(f));
  for (const name of names) checkFileName(name);
  const clash = names.find((n, i) => names.indexOf(n) !== i);
  if (clash !== undefined) throw new SessionError('NAME_CLASH', `two files are named ${clash}: their signatures would land on the same out/${clash}.asc`);
  for (const file of options.files) await checkArtifactFile(file);
  const keyFile = readOpenPgpKeyFile(await readBytes(options.keyFile, 'OpenPGP key file'));
  const pin = pinForKeyFile(await candidatePins(options), keyFile);
  const spool = await openWorkspace(options.dir, true);
  try {
    if (options.maxItems !== undefined) await saveBatchCap(options.dir, options.maxItems);
    const maxItems = await loadBatchCap(options.dir);
    await savePin(spool.layout, pin);
    if (options.binary !== undefined) await recordBinaryOutputs(options.dir, options.binary);
    const ids = new Set<string>();
    for (const [i, file] of options.files.entries()) {
      const incoming = await copyIntoIncoming(spool, file);
      const { record, duplicate } = await acceptIncoming(spool, incoming, {
        fileName: names[i]!,
        key: pin.sha256,
        schemes: ['openpgp'],
        submitter: { name: 'local' },
        facts: { kind: 'openpgp', name: names[i]!, versionCode: 0, versionName: `${incoming.size} bytes` },
      });
      if (duplicate) options.log(`${names[i]}: already in this session directory (${record.state})`);
      ids.add(record.id);
    }
    await runUntilIdle(workspaceContext(spool, options.parts, options.log, maxItems));
    return { requests: openRequestsFor(spool, ids), artifacts: [...ids].map((id) => spool.artifact(id)!) };
  } finally {
    await spool.close();
  }
}
