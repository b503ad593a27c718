/**
 * Hostile and broken archives are refused with a typed code before anything is signed.
 * Each case starts from a well-formed archive and breaks one thing.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareArtifact } from '../../../online/apk/index.ts';
import type { ApkErrorCode } from '../../../online/apk/index.ts';
import { openArchive } from '../../../online/apk/zip/zip-archive.ts';
import { testKey } from '../../support/software-keys.ts';
import { scratchDir } from '../../support/tools.ts';
import { buildIndexJar, buildTestApk, buildZip, noise, text } from '../../support/zip-builder.ts';

const dir = scratchDir('malformed');
let counter = 0;

function save(bytes: Buffer, name = `case-${counter++}.zip`): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

async function prepareCode(path: string, options: Parameters<typeof prepareArtifact>[1] = { certificateDer: testKey('ec256').certificateDer }): Promise<string | undefined> {
  try {
    await prepareArtifact(path, options);
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

const base = () => buildZip([
  { name: 'a.txt', data: text('a', 2000), method: 8 },
  { name: 'b.bin', data: noise('b', 100), method: 0 },
  { name: 'c.txt', data: text('c', 500), method: 8 },
], { align: false });

function eocdAt(zip: Buffer): number {
  return zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
}

/** Offsets of the central directory records. */
function cdRecords(zip: Buffer): number[] {
  const eocd = eocdAt(zip);
  const out: number[] = [];
  for (let at = zip.readUInt32LE(eocd + 16); at < eocd; ) {
    out.push(at);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return out;
}

function mutate(fn: (zip: Buffer) => Buffer | void): Buffer {
  const zip = base();
  return fn(zip) ?? zip;
}

const cases: [string, () => Buffer, ApkErrorCode][] = [
  ['random bytes', () => noise('junk', 300), 'NOT_A_ZIP'],
  ['a file too small to be a ZIP', () => Buffer.from('PK'), 'NOT_A_ZIP'],
  ['junk after the end record', () => Buffer.concat([base(), Buffer.from('trailing junk')]), 'TRAILING_DATA'],
  ['a central directory offset past the end', () => mutate((z) => void z.writeUInt32LE(z.length + 100, eocdAt(z) + 16)), 'BAD_OFFSET'],
  ['bytes between the central directory and the end record', () => mutate((z) => {
    const e = eocdAt(z);
    return Buffer.concat([z.subarray(0, e), Buffer.from('hide'), z.subarray(e)]);
  }), 'UNEXPECTED_DATA'],
  ['a second disk', () => mutate((z) => void z.writeUInt16LE(1, eocdAt(z) + 4)), 'MULTI_DISK'],
  ['an entry count that does not match', () => mutate((z) => {
    z.writeUInt16LE(4, eocdAt(z) + 8);
    z.writeUInt16LE(4, eocdAt(z) + 10);
  }), 'BAD_CENTRAL_DIRECTORY'],
  ['a broken central directory record', () => mutate((z) => void z.writeUInt32LE(0x12345678, cdRecords(z)[1]!)), 'BAD_CENTRAL_DIRECTORY'],
  ['a broken local header', () => mutate((z) => void z.writeUInt32LE(0x12345678, 0)), 'BAD_LOCAL_HEADER'],
  ['a local header whose name differs', () => mutate((z) => void (z[30] = 0x41)), 'BAD_LOCAL_HEADER'],
  ['an entry whose data runs over the next one', () => mutate((z) => {
    // Both records of b say 40 bytes more, so only the layout check can see it.
    const b = cdRecords(z)[1]!;
    const local = z.readUInt32LE(b + 42);
    z.writeUInt32LE(z.readUInt32LE(b + 20) + 40, b + 20);
    z.writeUInt32LE(z.readUInt32LE(b + 24) + 40, b + 24);
    z.writeUInt32LE(z.readUInt32LE(local + 18) + 40, local + 18);
    z.writeUInt32LE(z.readUInt32LE(local + 22) + 40, local + 22);
  }), 'OVERLAPPING_ENTRIES'],
  ['a local header offset past the entries', () => mutate((z) => void z.writeUInt32LE(z.readUInt32LE(eocdAt(z) + 16) + 2, cdRecords(z)[2]! + 42)), 'BAD_OFFSET'],
  ['two entries with one name', () => buildZip([{ name: 'a.txt', data: text('a', 10), method: 8 }, { name: 'a.txt', data: text('b', 10), method: 8 }]), 'DUPLICATE_ENTRY'],
  ['an entry hidden from the central directory', () => mutate((z) => {
    // Drop b's central record: its local record stays in the file as unexplained bytes.
    const [ra, rb, rc] = cdRecords(z) as [number, number, number];
    const e = eocdAt(z);
    const cd = Buffer.concat([z.subarray(ra, rb), z.subarray(rc, e)]);
    const eocd = Buffer.from(z.subarray(e));
    eocd.writeUInt16LE(2, 8);
    eocd.writeUInt16LE(2, 10);
    eocd.writeUInt32LE(cd.length, 12);
    return Buffer.concat([z.subarray(0, ra), cd, eocd]);
  }), 'UNEXPECTED_DATA'],
  ['an unknown compression method', () => mutate((z) => {
    z.writeUInt16LE(12, cdRecords(z)[0]! + 10);
    z.writeUInt16LE(12, 8);
  }), 'UNSUPPORTED_COMPRESSION'],
  ['an encrypted entry', () => mutate((z) => void z.writeUInt16LE(z.readUInt16LE(cdRecords(z)[0]! + 8) | 1, cdRecords(z)[0]! + 8)), 'ENCRYPTED_ENTRY'],
  ['a name with a line break', () => buildZip([{ name: 'a\nb.txt', data: text('a', 10), method: 8 }]), 'BAD_ENTRY_NAME'],
  ['a name that is not UTF-8', () => mutate((z) => {
    z[cdRecords(z)[0]! + 46] = 0xff;
    z[30] = 0xff;
  }), 'BAD_ENTRY_NAME'],
  ['a signing block with an impossible size', () => mutate((z) => {
    const cdOffset = z.readUInt32LE(eocdAt(z) + 16);
    const block = Buffer.alloc(40);
    block.writeBigUInt64LE(0xffffffffffffn, 0);
    block.writeBigUInt64LE(0xffffffffffffn, 16);
    Buffer.from('APK Sig Block 42').copy(block, 24);
    const out = Buffer.concat([z.subarray(0, cdOffset), block, z.subarray(cdOffset)]);
    out.writeUInt32LE(cdOffset + block.length, eocdAt(out) + 16);
    return out;
  }), 'BAD_SIGNING_BLOCK'],
];

describe('malformed archives', () => {
  it.each(cases)('refuses %s', (_name, make, code) => {
    const path = save(make());
    expect(codeOf(() => openArchive(path).file.close())).toBe(code);
  });

  it('accepts the unbroken archive', () => {
    const archive = openArchive(save(base()));
    expect(archive.entries.map((e) => e.name)).toEqual(['a.txt', 'b.bin', 'c.txt']);
    archive.file.close();
  });

  it('refuses an entry whose data does not match its CRC-32 when signing', async () => {
    const jar = buildIndexJar('entry', 1_700_000_000_000);
    // Flip a byte inside the deflated JSON: it then inflates to other bytes, or not at all.
    jar[60] = jar[60]! ^ 0x55;
    expect(await prepareCode(save(jar, 'entry.jar'))).toBe('CORRUPT_ENTRY');
  });

  it('reads a ZIP64 archive but refuses to sign it', async () => {
    const src = save(buildTestApk(), 'zip64-src.apk');
    const zip64 = join(dir, 'zip64.apk');
    execFileSync('sh', ['-c', `cd ${dir} && mkdir -p z64 && cd z64 && unzip -q ../zip64-src.apk && zip -q -fz -r ${zip64} .`]);
    const archive = openArchive(zip64);
    expect(archive.zip64).toBe(true);
    expect(archive.entry('AndroidManifest.xml')).toBeDefined();
    archive.file.close();
    expect(await prepareCode(zip64)).toBe('ZIP64_UNSUPPORTED');
    expect(src).toBeTruthy();
  });

  it('refuses an APK without AndroidManifest.xml', async () => {
    expect(await prepareCode(save(base()), { certificateDer: testKey('ec256').certificateDer, artifact: 'apk' })).toBe('NO_ANDROID_MANIFEST');
  });

  it('refuses a JAR that is not an F-Droid index', async () => {
    expect(await prepareCode(save(base(), 'tools.jar'))).toBe('NOT_AN_INDEX_JAR');
  });

  it('refuses an index whose JSON has no timestamp', async () => {
    const jar = buildZip([{ name: 'entry.json', data: Buffer.from('{"version": 1}'), method: 8 }]);
    expect(await prepareCode(save(jar, 'entry.jar'))).toBe('BAD_INDEX');
  });

  it('refuses v1 for an APK below API level 19 (signed attributes would not verify there)', async () => {
    expect(await prepareCode(save(buildTestApk({ minSdk: 16 }), 'old.apk'))).toBe('MIN_SDK_TOO_LOW');
  });

  it('refuses a package name that does not fit a request', async () => {
    expect(await prepareCode(save(buildTestApk({ packageName: 'nodots' }), 'bad-name.apk'))).toBe('INVALID_ITEM');
  });
});
