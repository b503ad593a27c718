/**
 * `airsign fdroid gpgsign`: what `fdroid gpgsign` does, with the OpenPGP key in the HSM. It signs
 * every file of repo/ (and archive/, when config.yml's archive_older is not 0) that fdroidserver
 * counts as a repository file for GnuPG signing (common.is_repo_file with for_gpg_signing: not
 * .asc, .sig, .idsig or .log.gz, not the index JARs nor the HTML/XML/PNG index files; APKs,
 * source tarballs and the index JSON files are) and has no `<file>.asc` yet. Each becomes an
 * `openpgp` item of one request; when the answer comes back (`airsign receive`), each `.asc` goes
 * beside its file (install.ts), as gpg -a --detach-sig would have put it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineParts } from '../pipeline/index.ts';
import { requestOpenPgpSignatures } from '../session/index.ts';
import type { RequestResult } from '../session/index.ts';
import { FdroidError } from './errors.ts';
import { repoLayout } from './repo-layout.ts';
import { recordPlan } from './session-marker.ts';
import type { SignaturePlan } from './session-marker.ts';

/** fdroidserver's is_repo_file ignore list (for GnuPG signing the index JSON files are signed). */
const NOT_SIGNED = new Set(['categories.txt', 'entry.jar', 'index-v1.jar', 'index.css', 'index.html', 'index.jar', 'index.png', 'index.xml', 'index_unsigned.jar']);
const NOT_SIGNED_ENDINGS = ['.asc', '.sig', '.idsig', '.log.gz'];

export function isGpgSignedRepoFile(dir: string, name: string): boolean {
  // fdroid gpgsign globs "*.*": names with a dot, not hidden ones.
  if (name.startsWith('.') || !name.includes('.')) return false;
  if (NOT_SIGNED.has(name) || NOT_SIGNED_ENDINGS.some((e) => name.endsWith(e))) return false;
  return statSync(join(dir, name)).isFile();
}

function archiveOlder(configText: string): number {
  const m = /^archive_older:\s*['"]?(\d+)/m.exec(configText);
  return m === null ? 0 : Number(m[1]);
}

/** The files to sign, by directory, in fdroidserver's order (sorted). */
export function filesToGpgSign(root: string): SignaturePlan[] {
  const layout = repoLayout(root);
  const dirs = ['repo', ...(archiveOlder(readFileSync(layout.config, 'utf8')) !== 0 ? ['archive'] : [])];
  const plans: SignaturePlan[] = [];
  for (const dirName of dirs) {
    const dir = join(layout.root, dirName);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new FdroidError('NOT_A_REPO', `${root} has no ${dirName}/ directory (fdroid gpgsign says: Missing output directory)`);
    for (const name of readdirSync(dir).sort()) {
      if (!isGpgSignedRepoFile(dir, name) || existsSync(join(dir, `${name}.asc`))) continue;
      plans.push({ dir: dirName, fileName: name, sha256: '' });
    }
  }
  return plans;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface GpgSignOptions {
  readonly root: string;
  readonly sessionDir: string;
  readonly keyFile: string;
  readonly certFiles?: readonly string[];
  readonly parts: PipelineParts;
  readonly log: (line: string) => void;
}

export async function requestGpgSigning(options: GpgSignOptions): Promise<RequestResult & { readonly files: readonly SignaturePlan[] }> {
  const layout = repoLayout(options.root);
  const plans = filesToGpgSign(options.root);
  if (plans.length === 0) throw new FdroidError('NOTHING_TO_SIGN', `every file in ${options.root}/repo already has its .asc: nothing to sign`);
  const files = plans.map((p) => join(layout.root, p.dir, p.fileName));
  const hashed = await Promise.all(plans.map(async (p, i) => ({ ...p, sha256: await sha256Of(files[i]!) })));
  const result = await requestOpenPgpSignatures({ dir: options.sessionDir, files, keyFile: options.keyFile, ...(options.certFiles === undefined ? {} : { certFiles: options.certFiles }), parts: options.parts, log: options.log });
  await recordPlan(options.sessionDir, layout.root, { signatures: hashed });
  return { ...result, files: hashed };
}
