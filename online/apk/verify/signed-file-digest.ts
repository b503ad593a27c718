/**
 * The content digests of a signed APK as a verifier computes them: the entries up to the signing
 * block, the central directory, and the end record with its central directory offset set back to
 * where the signing block starts.
 */
import { ChunkedDigest } from '../v2/chunked-digest.ts';
import type { ZipArchive } from '../zip/zip-archive.ts';

const WINDOW = 1024 * 1024;

export function signedFileDigests(archive: ZipArchive, blockOffset: number, algorithms: ReadonlySet<'sha256' | 'sha512'>): Map<'sha256' | 'sha512', Buffer> {
  const digests = [...algorithms].map((a) => new ChunkedDigest(a));
  const feed = (data: Buffer) => digests.forEach((d) => d.update(data));
  const endSection = () => digests.forEach((d) => d.endSection());
  const range = (from: number, to: number) => {
    for (let at = from; at < to; at += WINDOW) feed(archive.file.view(at, Math.min(WINDOW, to - at)));
    endSection();
  };
  range(0, blockOffset);
  range(archive.eocd.cdOffset, archive.eocd.offset);
  const eocd = Buffer.from(archive.eocd.record);
  eocd.writeUInt32LE(blockOffset, 16);
  feed(eocd);
  return new Map(digests.map((d) => [d.algorithm, d.digest()]));
}
