/**
 * The v2/v3 content digest: each section of the APK (entries, central directory, end record) is
 * cut into 1 MiB chunks; each chunk is hashed as 0xa5 || uint32le(length) || bytes; the result is
 * the hash of 0x5a || uint32le(chunk count) || every chunk digest. Fed incrementally through one
 * 1 MiB staging buffer, so a file of any size is digested in bounded memory, and callers may reuse
 * their buffers as soon as update() returns.
 */
import { createHash } from 'node:crypto';
import { borrowMegabyte, giveBackMegabyte, MEGABYTE } from '../zip/megabyte-buffers.ts';

export const CHUNK_SIZE = MEGABYTE;

export class ChunkedDigest {
  private readonly chunkDigests: Buffer[] = [];
  private staging: Buffer | undefined = borrowMegabyte();
  private staged = 0;

  constructor(readonly algorithm: 'sha256' | 'sha512') {}

  /** Adds bytes of the current section. */
  update(data: Uint8Array): void {
    const staging = this.stage();
    for (let at = 0; at < data.length; ) {
      const take = Math.min(CHUNK_SIZE - this.staged, data.length - at);
      staging.set(data.subarray(at, at + take), this.staged);
      this.staged += take;
      at += take;
      if (this.staged === CHUNK_SIZE) this.closeChunk();
    }
  }

  /** Ends a section: its last, shorter chunk is closed; the next bytes start a new chunk. */
  endSection(): void {
    if (this.staged > 0) this.closeChunk();
  }

  private stage(): Buffer {
    if (this.staging === undefined) throw new Error('ChunkedDigest: update after digest');
    return this.staging;
  }

  private closeChunk(): void {
    const prefix = Buffer.alloc(5);
    prefix[0] = 0xa5;
    prefix.writeUInt32LE(this.staged, 1);
    this.chunkDigests.push(createHash(this.algorithm).update(prefix).update(this.stage().subarray(0, this.staged)).digest());
    this.staged = 0;
  }

  /** The chunk digests so far, in order (after digest(): all of them, section by section). */
  get chunks(): readonly Buffer[] {
    return this.chunkDigests;
  }

  digest(): Buffer {
    this.endSection();
    // The staging chunk goes back for the next digest.
    giveBackMegabyte(this.stage());
    this.staging = undefined;
    const prefix = Buffer.alloc(5);
    prefix[0] = 0x5a;
    prefix.writeUInt32LE(this.chunkDigests.length, 1);
    const top = createHash(this.algorithm).update(prefix);
    for (const d of this.chunkDigests) top.update(d);
    return top.digest();
  }
}
