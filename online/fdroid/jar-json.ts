/** The JSON file inside an index JAR (entry.json in entry.jar), as bytes, or undefined if it has none. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { streamEntryBytes } from '../apk/zip/entry-data.ts';
import { openArchive } from '../apk/zip/zip-archive.ts';

const MAX_INDEX_BYTES = 256 * 1024 * 1024;

export function jsonInJar(jarPath: string, jsonName: string): Buffer | undefined {
  if (!existsSync(jarPath)) return undefined;
  const archive = openArchive(jarPath);
  try {
    const entry = archive.entry(jsonName);
    if (entry === undefined) return undefined;
    const parts: Uint8Array[] = [];
    streamEntryBytes(archive.file, entry, MAX_INDEX_BYTES, (data) => parts.push(Uint8Array.from(data)));
    return Buffer.concat(parts);
  } finally {
    archive.file.close();
  }
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
