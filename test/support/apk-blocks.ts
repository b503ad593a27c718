/**
 * A small, independent reader of the APK Signing Block for tests: finds the v2 and v3 signer
 * blocks in a signed APK and splits them into their parts, so tests can compare what apksigner
 * wrote with what our code builds. Deliberately separate from online/apk's parser.
 */
import { readFileSync } from 'node:fs';

export interface SignerParts {
  readonly signedData: Buffer;
  readonly contentDigest: Buffer;
  readonly algorithm: number;
  readonly certificate: Buffer;
  readonly signatures: { algorithm: number; signature: Buffer }[];
  readonly publicKey: Buffer;
  readonly minSdk?: number;
  readonly maxSdk?: number;
}

function lp(buf: Buffer, at: number): [Buffer, number] {
  const n = buf.readUInt32LE(at);
  return [buf.subarray(at + 4, at + 4 + n), at + 4 + n];
}

function firstDigest(signedData: Buffer): { algorithm: number; contentDigest: Buffer; certificate: Buffer } {
  const [digests, afterDigests] = lp(signedData, 0);
  const [digest] = lp(digests, 0);
  const [contentDigest] = lp(digest, 4);
  const [certs] = lp(signedData, afterDigests);
  const [certificate] = lp(certs, 0);
  return { algorithm: digest.readUInt32LE(0), contentDigest, certificate };
}

function parseSigner(block: Buffer, v3: boolean): SignerParts {
  const [signers] = lp(block, 0);
  const [signer] = lp(signers, 0);
  const [signedData, a] = lp(signer, 0);
  let at = a;
  let minSdk: number | undefined;
  let maxSdk: number | undefined;
  if (v3) {
    minSdk = signer.readUInt32LE(at);
    maxSdk = signer.readUInt32LE(at + 4);
    at += 8;
  }
  const [sigs, b] = lp(signer, at);
  const [publicKey] = lp(signer, b);
  const signatures: SignerParts['signatures'] = [];
  for (let p = 0; p < sigs.length; ) {
    const [sig, next] = lp(sigs, p);
    signatures.push({ algorithm: sig.readUInt32LE(0), signature: lp(sig, 4)[0] });
    p = next;
  }
  return { signedData, ...firstDigest(signedData), signatures, publicKey, minSdk, maxSdk };
}

/** The id → value pairs of the APK Signing Block, and the block's offsets. */
export function signingBlockPairs(apk: Buffer): { pairs: Map<number, Buffer>; start: number; cdOffset: number } {
  const eocd = apk.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cdOffset = apk.readUInt32LE(eocd + 16);
  if (apk.subarray(cdOffset - 16, cdOffset).toString('latin1') !== 'APK Sig Block 42') throw new Error('no APK Signing Block');
  const size = Number(apk.readBigUInt64LE(cdOffset - 24));
  const start = cdOffset - size - 8;
  const pairs = new Map<number, Buffer>();
  for (let at = start + 8; at < cdOffset - 24; ) {
    const len = Number(apk.readBigUInt64LE(at));
    pairs.set(apk.readUInt32LE(at + 8), apk.subarray(at + 12, at + 8 + len));
    at += 8 + len;
  }
  return { pairs, start, cdOffset };
}

export function readSigners(path: string): { v2?: SignerParts; v3?: SignerParts } {
  const { pairs } = signingBlockPairs(readFileSync(path));
  const v2 = pairs.get(0x7109871a);
  const v3 = pairs.get(0xf05368c0);
  return { v2: v2 && parseSigner(v2, false), v3: v3 && parseSigner(v3, true) };
}
