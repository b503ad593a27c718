/**
 * Hostile and broken archives, each with the typed code online/apk/zip refuses it with: a
 * well-formed archive with one thing broken. Used by test/online/apk/malformed-zip.test.ts and by
 * bench/deps/zip.ts (which feeds the same archives to the ZIP libraries that could replace ours).
 */
import type { ApkErrorCode } from '../../online/apk/index.ts';
import { buildZip, noise, text } from './zip-builder.ts';

/** The well-formed archive each case breaks one thing of. */
export const base = () => buildZip([
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

export const MALFORMED_ZIPS: [string, () => Buffer, ApkErrorCode][] = [
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
