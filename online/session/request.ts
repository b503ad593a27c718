/**
 * `airsign request`, the shared core: pins the certificate, takes the artifacts in, runs the
 * pipeline until the request is written. Every input is checked first (each artifact is a file
 * that can be read, the certificate parses, or the session already has its one pin), so a
 * mistyped name creates no session directory and pins nothing. Running it again after a kill finds the same artifacts
 * (same bytes, same key) and the same session, and writes no second request for them.
 */
import { existsSync } from 'node:fs';
import { access, constants, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Scheme } from '../../protocol/messages/index.ts';
import type { PipelineParts } from '../pipeline/index.ts';
import { runUntilIdle } from '../pipeline/index.ts';
import { signedFileName } from '../pipeline/signed-file-name.ts';
import { acceptIncoming, checkFileName, copyIntoIncoming } from '../pipeline/submit.ts';
import { verifyArtifact } from '../apk/index.ts';
import { certificateFromFile } from '../pins/index.ts';
import { newKeyRef, parseNewKeyRef, placeholderPin } from '../pipeline/new-key.ts';
import type { NewKeyRequest } from '../../protocol/messages/index.ts';
import { Spool, listPins, loadPin, savePin } from '../store/index.ts';
import type { PinnedCertificate } from '../store/index.ts';
import type { ArtifactRecord } from '../store/index.ts';
import { loadBatchCap, saveBatchCap } from './batch-cap.ts';
import { SessionError } from './errors.ts';
import type { ProofChoice } from '../apk/proof/choose.ts';
import { openRequestsFor, openWorkspace, workspaceContext } from './workspace.ts';

export interface RequestOptions {
  readonly dir: string;
  readonly files: readonly string[];
  /** PEM/DER certificate, or the key ceremony's certificate message file; may be left out for a session that has its one pin. */
  readonly certFile?: string;
  /** Several certificates: one for every artifact, or one per artifact in the same order. */
  readonly certFiles?: readonly string[];
  /** Certificates already read, one for every artifact or one per artifact (as certFiles). */
  readonly pins?: readonly PinnedCertificate[];
  /**
   * Per artifact, in the same order: a key for the signer to make (an app's first publish), or
   * undefined. The certificates (pins, certFiles) are then those of the other artifacts, in order.
   */
  readonly newKeys?: readonly (NewKeyRequest | undefined)[];
  readonly schemes?: readonly Scheme[];
  /** Most items per request (recorded in the directory for later rounds); default: what was recorded, else 100. */
  readonly maxItems?: number;
  /** Sign an artifact that carries another key's signatures (they are dropped); without it that is refused. */
  readonly replaceSignatures?: boolean;
  /** Whether APK v2/v3 rounds carry a manifest proof (always, auto, never); default auto. */
  readonly manifestProof?: ProofChoice;
  readonly parts: PipelineParts;
  readonly log: (line: string) => void;
}

export interface RequestResult {
  /** Request message files to carry to the signer, oldest first. */
  readonly requests: string[];
  readonly artifacts: ArtifactRecord[];
}

export async function requestSigning(options: RequestOptions): Promise<RequestResult> {
  const names = options.files.map((f) => basename(f));
  for (const name of names) checkFileName(name);
  const outNames = names.map(signedFileName);
  const clash = outNames.find((n, i) => outNames.indexOf(n) !== i);
  if (clash !== undefined) throw new SessionError('NAME_CLASH', `two artifacts would be signed as ${clash} (signed files drop "-unsigned" from their names); their signed files would land on the same out/ name`);

  for (const file of options.files) await checkArtifactFile(file);
  const keys = await keysFor(options);
  for (const [i, file] of options.files.entries()) await checkExistingSignatures(file, keys[i]!, options.replaceSignatures === true, options.log);
  const spool = await openWorkspace(options.dir, true);
  try {
    if (options.maxItems !== undefined) await saveBatchCap(options.dir, options.maxItems);
    const maxItems = await loadBatchCap(options.dir);
    for (const pin of new Map(keys.map((k) => [k.sha256, k])).values()) if (parseNewKeyRef(pin.sha256) === undefined && (await loadPin(spool.layout, pin.sha256)) === undefined) await savePin(spool.layout, pin);
    const ids = new Set<string>();
    for (const [i, file] of options.files.entries()) {
      const incoming = await copyIntoIncoming(spool, file);
      const { record, duplicate } = await acceptIncoming(spool, incoming, {
        fileName: names[i]!,
        key: keys[i]!.sha256,
        ...(options.schemes === undefined ? {} : { schemes: options.schemes }),
        ...(options.manifestProof === undefined ? {} : { manifestProof: options.manifestProof }),
        submitter: { name: 'local' },
      });
      if (duplicate) options.log(`${names[i]}: already in this session directory (${record.state})`);
      ids.add(record.id);
    }
    await runUntilIdle(workspaceContext(spool, options.parts, options.log, maxItems));
    const artifacts = [...ids].map((id) => spool.artifact(id)!);
    return { requests: openRequestsFor(spool, ids), artifacts };
  } finally {
    await spool.close();
  }
}

/** Each artifact's key: a new key's placeholder (its sha256 the new-key reference), else its certificate. */
async function keysFor(options: RequestOptions): Promise<PinnedCertificate[]> {
  const asked = options.newKeys ?? [];
  if (!asked.some((k) => k !== undefined)) return certificatesFor(options);
  const pinnedFiles = options.files.filter((_, i) => asked[i] === undefined);
  const pins = pinnedFiles.length === 0 ? [] : await certificatesFor({ ...options, files: pinnedFiles });
  let next = 0;
  return options.files.map((_, i) => {
    const spec = asked[i];
    return spec === undefined ? pins[next++]! : placeholderPin(newKeyRef(spec), spec);
  });
}

/** The certificate of each artifact: one given for all, or one per artifact in order, or the session's one pin. */
async function certificatesFor(options: RequestOptions): Promise<PinnedCertificate[]> {
  const files = options.certFiles ?? (options.certFile === undefined ? undefined : [options.certFile]);
  const pins = options.pins ?? (files === undefined ? [await sessionPin(options.dir)] : await Promise.all(files.map((f) => readCertificate(f, options.parts))));
  if (pins.length === 1) return options.files.map(() => pins[0]!);
  if (pins.length !== options.files.length) throw new SessionError('CERT_NEEDED', `${pins.length} certificates for ${options.files.length} artifacts: give one certificate for all of them, or one per artifact in the same order`);
  return [...pins];
}

export async function checkArtifactFile(file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (info === undefined) throw new SessionError('ARTIFACT_NOT_FOUND', `cannot read ${file}: no such file; check the path`);
  if (!info.isFile()) throw new SessionError('ARTIFACT_NOT_FOUND', `${file} is not a file; give an APK or JAR file`);
  await access(file, constants.R_OK).catch(() => {
    throw new SessionError('ARTIFACT_NOT_FOUND', `cannot read ${file}: permission denied`);
  });
}

async function readCertificate(file: string, parts: PipelineParts): Promise<PinnedCertificate> {
  // The command line says the cause in words ("no such file or directory; check the path").
  const bytes = await readFile(file).catch((cause: unknown) => {
    throw new SessionError('CERT_NEEDED', `cannot read the certificate ${file}`, { cause });
  });
  return certificateFromFile(new Uint8Array(bytes), (b) => parts.codec.readMessageFile(b));
}

/** The certificate a session directory already pinned, when it has exactly one. */
async function sessionPin(dir: string): Promise<PinnedCertificate> {
  if (!existsSync(dir)) throw new SessionError('CERT_NEEDED', `${dir} is a new session: give its signing certificate with --cert FILE`);
  const spool = await Spool.openReadOnly(dir);
  const pins = await listPins(spool.layout);
  if (pins.length === 1) return pins[0]!;
  if (pins.length === 0) throw new SessionError('CERT_NEEDED', `session ${dir} has no pinned certificate yet: give it with --cert FILE`);
  throw new SessionError('CERT_NEEDED', `session ${dir} has ${pins.length} pinned certificates: say which with --cert FILE`);
}

/**
 * An artifact already signed by another key would lose those signatures when signed again (as
 * apksigner drops them): refused unless asked for, and said when done. Signatures by the session's
 * own key are the same key signing again, and pass.
 */
async function checkExistingSignatures(file: string, pin: PinnedCertificate, replace: boolean, log: (line: string) => void): Promise<void> {
  const report = await verifyArtifact(file);
  const schemes = (['v1', 'v2', 'v3'] as const).filter((s) => report.schemes[s].present);
  const others = report.signers.filter((s) => s !== pin.sha256);
  if (schemes.length === 0 || (others.length === 0 && report.signers.length > 0)) return;
  const by = others.length > 0 ? `certificate ${others.map((s) => s.slice(0, 16)).join(', ')}…` : 'a key whose certificate cannot be read';
  if (!replace) {
    throw new SessionError('ALREADY_SIGNED', `${file} is already signed (${schemes.join('+')}) by ${by}, not by ${pin.label}; give --replace-signatures to drop those signatures and sign it with ${pin.label}`);
  }
  log(`warning: ${basename(file)}: replacing its ${schemes.join('+')} signatures by ${by} with ${pin.label}'s`);
}
