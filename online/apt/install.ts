/**
 * When the answer of an `airsign apt sign` session comes back (`airsign receive`), InRelease and
 * Release.gpg go beside the Release file they sign, each written whole under a temporary name and
 * renamed (as apt's own tools replace them), readable by the web server; Release.gpg also into the
 * session's out/ beside InRelease. A Release file that changed since it was signed keeps its old
 * signatures: reported, nothing written next to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { toHex } from '../../protocol/bytes.ts';
import { sha256 } from '../../protocol/hash.ts';
import { writeFileDurable } from '../../node/durable.ts';
import { Spool, loadPin } from '../store/index.ts';
import { AptError } from './errors.ts';
import { loadAptMarker } from './marker.ts';
import { releaseSignedFiles } from './signed-files.ts';

export interface AptInstallResult {
  readonly installed: string[];
  readonly stale: string[];
}

/** Installs what is signed; undefined for a session not made by `airsign apt sign`. */
export async function installAptSigned(sessionDir: string, log: (line: string) => void): Promise<AptInstallResult | undefined> {
  const marker = await loadAptMarker(sessionDir);
  if (marker === undefined) return undefined;
  const spool = await Spool.openReadOnly(sessionDir);
  const installed: string[] = [];
  const stale: string[] = [];
  for (const plan of marker.releases) {
    const record = spool.artifact(plan.artifactId);
    if (record?.state !== 'ready' || record.item?.artifact !== 'apt-release' || record.signatures === undefined || record.output === undefined) continue;
    const pin = await loadPin(spool.layout, record.key);
    if (pin === undefined) throw new AptError('CERT_NEEDED', `the certificate ${record.key} is no longer pinned in ${sessionDir}`);
    const files = releaseSignedFiles(record.item, pin.der, record.signatures);
    const published = join(spool.layout.root, record.output);
    if (readFileSync(published, 'utf8') !== files.inRelease) throw new AptError('BAD_OUTPUT', `${published} is not the InRelease this session assembled`);
    await writeFileDurable(join(dirname(published), 'Release.gpg'), files.releaseGpg, { mode: 0o644 });
    const current = existsSync(plan.releasePath) ? toHex(sha256(readFileSync(plan.releasePath))) : undefined;
    if (current !== plan.sha256) {
      stale.push(`${plan.releasePath}: changed since it was signed (or is gone): InRelease and Release.gpg not installed beside it; run "airsign apt sign" again`);
      continue;
    }
    for (const [name, content] of [['InRelease', files.inRelease], ['Release.gpg', files.releaseGpg]] as const) {
      const target = join(dirname(plan.releasePath), name);
      await writeFileDurable(target, content, { mode: 0o644 });
      installed.push(target);
      log(`installed ${target}`);
    }
  }
  return { installed, stale };
}
