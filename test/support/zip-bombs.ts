/**
 * Hostile archives for the inflate-limit tests: deflate streams of many mebibytes of zeros, made
 * in milliseconds by repeating one fully flushed mebibyte (a full flush resets the history, so
 * the pieces chain), and a JAR whose index JSON is mostly whitespace.
 */
import { constants, crc32, deflateRawSync } from 'node:zlib';
import { buildTestApk, buildZip } from './zip-builder.ts';
import type { ZipInput } from './zip-builder.ts';

const MIB = 1024 * 1024;

/** A deflated entry that inflates to `mebibytes` MiB of zeros (about 1 KiB per MiB). */
const zeros = Buffer.alloc(MIB);
/** CRC-32 of n MiB of zeros, at index n: grown as needed, so each mebibyte is summed once per process. */
const zeroCrcs = [0];

function crcOfZeros(mebibytes: number): number {
  while (zeroCrcs.length <= mebibytes) zeroCrcs.push(crc32(zeros, zeroCrcs[zeroCrcs.length - 1]!));
  return zeroCrcs[mebibytes]!;
}

export function zerosEntry(name: string, mebibytes: number): ZipInput {
  const piece = deflateRawSync(zeros, { finishFlush: constants.Z_FULL_FLUSH });
  const crc = crcOfZeros(mebibytes);
  // 0x03 0x00: a final, empty block with fixed codes ends the stream.
  const bytes = Buffer.concat([...Array.from({ length: mebibytes }, () => piece), Buffer.from([0x03, 0x00])]);
  return { name, data: Buffer.alloc(0), method: 8, deflated: { bytes, size: mebibytes * MIB, crc32: crc >>> 0 } };
}

/** An APK (minSdk 21, so a v1 round digests every entry) carrying entries of 2 and 4 GiB (less 1 MiB) of zeros. */
export function zerosApk(): Buffer {
  return buildTestApk({ packageName: 'org.example.bomb', minSdk: 21, extra: [zerosEntry('assets/a.bin', 2048), zerosEntry('assets/b.bin', 4095)] });
}

/** An F-Droid entry.jar whose entry.json is `mebibytes` MiB: the real fields, then whitespace before the closing brace. */
export function whitespaceIndexJar(mebibytes: number, timestamp = 1_700_000_000_000): Buffer {
  const head = Buffer.from(`{"timestamp": ${timestamp}, "version": 20002, "index": {"name": "/index-v2.json"}`);
  const json = Buffer.alloc(mebibytes * MIB, 0x20);
  head.copy(json);
  json[json.length - 1] = 0x7d;
  return buildZip([{ name: 'entry.json', data: json, method: 8 }], { align: false });
}
