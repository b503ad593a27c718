/**
 * The server's config file (JSON). Paths in it are relative to the file. Submitters are build
 * machines, known by their client certificate (its SHA-256 fingerprint, or its subject), each
 * allowed some APK package names, some JAR names and some keys; operators may also fetch requests
 * and hand in responses. Names are allowed per kind: an APK is matched against `packages` only and
 * a JAR against `jars` only, so a submitter allowed entry.jar cannot send an APK whose package is
 * called "entry.jar", nor one allowed org.example.* a JAR named org.example.x.jar.
 */
import type { ArtifactKind } from '../../protocol/kinds/index.ts';
import { SERVER_KINDS } from './kinds.ts';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_ITEMS_PER_REQUEST } from '../../protocol/batch-size.ts';
import { LIMITS } from '../../protocol/limits.ts';
import { ServerError } from './errors.ts';
import { LimitsConfig, SubmitterLimitsConfig } from './limits.ts';
import type { ServerLimits } from './limits.ts';

const sha256Hex = z
  .string()
  .transform((s) => s.toLowerCase().replace(/:/g, ''))
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 fingerprint (64 hex digits)'));

/** An Android package name or JAR file name, or a prefix ending in ".*", or "*". */
const namePattern = z.string().regex(/^(\*|[A-Za-z0-9_.-]+(\.\*)?)$/, 'expected a package name, a prefix like "org.example.*", or "*"');
/** APK package names. A name ending in ".jar" here is almost surely a JAR meant for `jars`, and is refused. */
const packagePattern = namePattern.refine((p) => !p.endsWith('.jar'), { message: 'packages are APK package names; put JAR names such as "entry.jar" under "jars"' });

const Submitter = z
  .strictObject({
    name: z.string().min(1).max(100),
    /** SHA-256 of the client certificate (hex, colons allowed). */
    fingerprint: sha256Hex.optional(),
    /** The client certificate's subject as OpenSSL prints it on one line, e.g. "CN=ci-1, O=Example". */
    subject: z.string().min(1).optional(),
    /** APK package names this submitter may send (patterns as above). */
    packages: z.array(packagePattern).default([]),
    /** JAR file names (F-Droid's entry.jar, index-v1.jar) this submitter may send. */
    jars: z.array(namePattern).default([]),
    /** SHA-256 fingerprints of the pinned signing certificates this submitter may use. */
    keys: z.array(sha256Hex).default([]),
    operator: z.boolean().default(false),
    /** May see open requests and hand in SSH approvals of them (online/server/api/approvals.ts). */
    approver: z.boolean().default(false),
    limits: SubmitterLimitsConfig.optional(),
  })
  .refine((s) => s.fingerprint !== undefined || s.subject !== undefined, { message: 'a submitter needs a fingerprint or a subject' });

const ConfigFile = z.strictObject({
  listen: z.strictObject({ host: z.string().default('127.0.0.1'), port: z.number().int().min(0).max(65535) }),
  tls: z.strictObject({ cert: z.string(), key: z.string(), clientCa: z.string() }),
  /** The spool directory. */
  state: z.string(),
  maxUploadBytes: z.number().int().positive().default(512 * 1024 * 1024),
  limits: LimitsConfig,
  batch: z
    .strictObject({
      /** Items per request; keep it at or below the signer policy's maxItemsPerRequest. */
      maxItems: z.number().int().min(1).max(LIMITS.maxItems).default(DEFAULT_ITEMS_PER_REQUEST),
      maxOpenSessions: z.number().int().min(1).default(1),
      settleSeconds: z.number().min(0).default(5),
    })
    .default({ maxItems: DEFAULT_ITEMS_PER_REQUEST, maxOpenSessions: 1, settleSeconds: 5 }),
  /** Client certificates refused even though the CA signed them. */
  revoked: z
    .strictObject({ fingerprints: z.array(sha256Hex).default([]), serials: z.array(z.string().regex(/^[0-9A-Fa-f:]+$/)).default([]) })
    .default({ fingerprints: [], serials: [] }),
  submitters: z.array(Submitter).min(1),
});

export type SubmitterConfig = z.infer<typeof Submitter>;

export interface ServerConfig {
  readonly listen: { readonly host: string; readonly port: number };
  readonly tls: { readonly cert: Buffer; readonly key: Buffer; readonly clientCa: Buffer };
  readonly state: string;
  readonly maxUploadBytes: number;
  readonly limits: ServerLimits;
  readonly batch: { readonly maxItems: number; readonly maxOpenSessions: number; readonly settleSeconds: number };
  readonly revoked: { readonly fingerprints: readonly string[]; readonly serials: readonly string[] };
  readonly submitters: readonly SubmitterConfig[];
}

export async function loadConfig(path: string): Promise<ServerConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new ServerError('BAD_CONFIG', `cannot read the config file ${path}: ${(cause as Error).message}`, { cause });
  }
  const parsed = ConfigFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ServerError('BAD_CONFIG', `${path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const c = parsed.data;
  const here = (p: string) => resolve(dirname(path), p);
  const read = async (p: string) => {
    try {
      return await readFile(here(p));
    } catch (cause) {
      throw new ServerError('BAD_CONFIG', `${path}: cannot read ${p}: ${(cause as Error).message}`, { cause });
    }
  };
  return {
    listen: c.listen,
    tls: { cert: await read(c.tls.cert), key: await read(c.tls.key), clientCa: await read(c.tls.clientCa) },
    state: here(c.state),
    maxUploadBytes: c.maxUploadBytes,
    limits: c.limits,
    batch: c.batch,
    revoked: { fingerprints: c.revoked.fingerprints, serials: c.revoked.serials.map(normalSerial) },
    submitters: c.submitters,
  };
}

/** Serials compare as upper-case hex without colons or leading zeros. */
export function normalSerial(serial: string): string {
  return serial.replace(/:/g, '').toUpperCase().replace(/^0+(?=.)/, '');
}

/** Whether the submitter may send an artifact of this kind and name: APKs by `packages`, JARs by `jars`. */
export function artifactAllowed(submitter: Pick<SubmitterConfig, 'packages' | 'jars'>, kind: ArtifactKind, name: string): boolean {
  const allowance = SERVER_KINDS[kind].allowance;
  if (allowance === null) return false;
  const patterns = submitter[allowance];
  return patterns.some((p) => p === '*' || p === name || (p.endsWith('.*') && name.startsWith(p.slice(0, -1))));
}
