/**
 * A small F-Droid repository index for the demo: index-v2.json describing one app, and the
 * entry.jar that points at it (entry.json inside: timestamp, format version, the index's name,
 * SHA-256 and size), unsigned, as `fdroid update` leaves them before signing. The JAR is written
 * with the APK engine's own ZIP records.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EOCD_SIGNATURE } from '../apk/zip/eocd.ts';
import { newDeflatedEntries } from '../apk/zip/new-entry.ts';

export interface RepoApp {
  readonly packageName: string;
  readonly versionCode: number;
  readonly versionName: string;
  readonly apkName: string;
  readonly apkSha256: string;
  readonly apkSize: number;
}

/** A ZIP of deflated entries: local records, central directory (offsets filled in), end record. */
export function zipOf(files: readonly { name: string; content: Uint8Array }[]): Buffer {
  const entries = newDeflatedEntries(files);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const central = Buffer.from(e.central);
    central.writeUInt32LE(offset, 42); // where its local record starts
    locals.push(e.local);
    centrals.push(central);
    offset += e.local.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD_SIGNATURE, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Writes index-v2.json and entry.jar into `dir`; returns the JAR's path. */
export function writeRepoIndex(dir: string, app: RepoApp, timestamp: number): string {
  const index = {
    repo: { name: { 'en-US': 'airsign demo repository' }, timestamp, address: 'https://repo.example.org/fdroid/repo' },
    packages: {
      [app.packageName]: {
        metadata: { added: timestamp, lastUpdated: timestamp, name: { 'en-US': app.packageName } },
        versions: {
          [app.apkSha256]: {
            added: timestamp,
            file: { name: `/${app.apkName}`, sha256: app.apkSha256, size: app.apkSize },
            manifest: { versionName: app.versionName, versionCode: app.versionCode },
          },
        },
      },
    },
  };
  const indexBytes = Buffer.from(JSON.stringify(index));
  writeFileSync(join(dir, 'index-v2.json'), indexBytes);
  const entry = {
    timestamp,
    version: 20002,
    index: { name: '/index-v2.json', sha256: createHash('sha256').update(indexBytes).digest('hex'), size: indexBytes.length, numPackages: 1 },
    diffs: {},
  };
  const jar = join(dir, 'entry.jar');
  writeFileSync(jar, zipOf([{ name: 'entry.json', content: Buffer.from(JSON.stringify(entry)) }]));
  return jar;
}
