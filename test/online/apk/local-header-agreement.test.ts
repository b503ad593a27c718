/**
 * A local header that disagrees with its central directory record makes an archive that readers
 * see differently (Android's libziparchive refuses it with "size/crc32 mismatch", apksig with a
 * ZipFormatException, "Malformed ZIP entry"); bytes before the first local header make aapt
 * refuse the file. Each such archive is refused with a typed code before anything is signed, and
 * the outside readers are asked whether they agree it is malformed, where they say so.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareArtifact } from '../../../online/apk/index.ts';
import type { ApkErrorCode } from '../../../online/apk/index.ts';
import { openArchive } from '../../../online/apk/zip/zip-archive.ts';
import { testKey } from '../../support/software-keys.ts';
import { scratchDir, tool } from '../../support/tools.ts';
import { buildTestApk, text } from '../../support/zip-builder.ts';

const dir = scratchDir('local-headers');
const hasTool = (name: string, args: string[]) => spawnSync(name, args).error === undefined;
const aapt = hasTool('aapt', ['version']);
const apksigner = hasTool('apksigner', ['version']);
if (!aapt) process.stdout.write('skipping the aapt cross-checks: aapt is not installed\n');
if (!apksigner) process.stdout.write('skipping the apksigner cross-checks: apksigner is not installed\n');

/** The APK's first entry is AndroidManifest.xml at offset 0: its local header is at 0. */
const apk = () => buildTestApk();
/** The same APK with a first entry that carries a data descriptor (signature, CRC-32, sizes). */
const withDescriptor = () => buildTestApk({ front: [{ name: 'assets/streamed.txt', data: text('dd', 3000), method: 8, descriptor: true }] });
const descriptorAt = (z: Buffer) => z.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]));

function eocdAt(z: Buffer): number {
  return z.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
}

/** The archive moved `n` bytes into the file, behind `n` zero bytes, every offset adjusted. */
function behindZeros(z: Buffer, n: number): Buffer {
  const e = eocdAt(z);
  const cd = z.readUInt32LE(e + 16);
  for (let at = cd; at < e; at += 46 + z.readUInt16LE(at + 28) + z.readUInt16LE(at + 30) + z.readUInt16LE(at + 32)) z.writeUInt32LE(z.readUInt32LE(at + 42) + n, at + 42);
  z.writeUInt32LE(cd + n, e + 16);
  return Buffer.concat([Buffer.alloc(n), z]);
}

/** The central directory record of the first entry. */
const firstCd = (z: Buffer) => z.readUInt32LE(eocdAt(z) + 16);

interface Case {
  readonly name: string;
  readonly make: () => Buffer;
  readonly code: ApkErrorCode;
  /** What apksigner verify says of it, where it says anything. */
  readonly apksigner?: RegExp;
  /** What aapt dump badging says of it, where it says anything. */
  readonly aapt?: RegExp;
}

const cases: Case[] = [
  { name: 'a local header whose CRC-32 differs', make: () => { const z = apk(); z.writeUInt32LE(z.readUInt32LE(14) ^ 1, 14); return z; }, code: 'BAD_LOCAL_HEADER', apksigner: /CRC-32 mismatch between Local File Header and Central Directory/, aapt: /size\/crc32 mismatch/ },
  { name: 'a local header whose compressed size differs', make: () => { const z = apk(); z.writeUInt32LE(z.readUInt32LE(18) + 1, 18); return z; }, code: 'BAD_LOCAL_HEADER', apksigner: /Compressed size mismatch between Local File Header and Central Directory/, aapt: /size\/crc32 mismatch/ },
  { name: 'a local header whose uncompressed size differs', make: () => { const z = apk(); z.writeUInt32LE(z.readUInt32LE(22) + 1, 22); return z; }, code: 'BAD_LOCAL_HEADER', apksigner: /Uncompressed size mismatch between Local File Header and Central Directory/, aapt: /size\/crc32 mismatch/ },
  { name: 'a local header that announces a data descriptor the directory does not', make: () => { const z = apk(); z.writeUInt16LE(z.readUInt16LE(6) | 8, 6); return z; }, code: 'BAD_LOCAL_HEADER', apksigner: /Data Descriptor presence mismatch between Local File Header and Central Directory/ },
  { name: 'a directory record that announces a data descriptor the local header does not', make: () => { const z = withDescriptor(); z.writeUInt16LE(z.readUInt16LE(6) & ~8, 6); return z; }, code: 'BAD_LOCAL_HEADER' },
  { name: 'other general-purpose flags that differ (UTF-8 names)', make: () => { const z = apk(); z.writeUInt16LE(0, 6); return z; }, code: 'BAD_LOCAL_HEADER' },
  { name: 'a data descriptor whose CRC-32 differs', make: () => { const z = withDescriptor(); const at = descriptorAt(z); z.writeUInt32LE(z.readUInt32LE(at + 4) ^ 1, at + 4); return z; }, code: 'BAD_LOCAL_HEADER' },
  { name: 'a data descriptor whose compressed size differs', make: () => { const z = withDescriptor(); const at = descriptorAt(z); z.writeUInt32LE(z.readUInt32LE(at + 8) + 1, at + 8); return z; }, code: 'BAD_LOCAL_HEADER' },
  { name: 'a data descriptor whose uncompressed size differs', make: () => { const z = withDescriptor(); const at = descriptorAt(z); z.writeUInt32LE(z.readUInt32LE(at + 12) + 1, at + 12); return z; }, code: 'BAD_LOCAL_HEADER' },
  { name: '4096 zero bytes before the first local header', make: () => behindZeros(apk(), 4096), code: 'UNEXPECTED_DATA', aapt: /Entry at offset zero has invalid LFH signature/ },
];

let counter = 0;
function save(bytes: Buffer): string {
  const path = join(dir, `case-${counter++}.apk`);
  writeFileSync(path, bytes);
  return path;
}

function openCode(path: string): string | undefined {
  try {
    openArchive(path).file.close();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('local headers against the central directory', () => {
  it.each(cases)('refuses $name', async ({ make, code, apksigner: apksignerSays, aapt: aaptSays }) => {
    const path = save(make());
    expect(openCode(path)).toBe(code);
    // Signing goes through the same reader: nothing is prepared.
    await expect(prepareArtifact(path, { certificateDer: testKey('ec256').certificateDer })).rejects.toMatchObject({ code });
    if (apksignerSays !== undefined && apksigner) {
      const r = tool('apksigner', ['verify', '-v', path]);
      expect(r.status).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(apksignerSays);
    }
    if (aaptSays !== undefined && aapt) expect(tool('aapt', ['dump', 'badging', path]).stderr).toMatch(aaptSays);
  });

  it('accepts the same archives unbroken, data descriptor included, and the outside readers read them cleanly', () => {
    for (const make of [apk, withDescriptor]) {
      const path = save(make());
      expect(openCode(path)).toBeUndefined();
      if (aapt) {
        const r = tool('aapt', ['dump', 'badging', path]);
        expect(r.status).toBe(0);
        expect(r.stderr).not.toMatch(/mismatch|invalid/);
      }
    }
    // A descriptor without its optional signature is read too.
    const z = withDescriptor();
    const at = descriptorAt(z);
    const unsigned = Buffer.concat([z.subarray(0, at), z.subarray(at + 4)]);
    const e = eocdAt(unsigned);
    unsigned.writeUInt32LE(unsigned.readUInt32LE(e + 16) - 4, e + 16);
    for (let cd = firstCd(unsigned), i = 0; cd < e; cd += 46 + unsigned.readUInt16LE(cd + 28) + unsigned.readUInt16LE(cd + 30) + unsigned.readUInt16LE(cd + 32), i++) {
      if (i > 0) unsigned.writeUInt32LE(unsigned.readUInt32LE(cd + 42) - 4, cd + 42);
    }
    expect(openCode(save(unsigned))).toBeUndefined();
  });
});
