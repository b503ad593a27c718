/**
 * v2 and v3 signer blocks: signed data (built by protocol/signing), the signatures over it, and
 * the public key. Encoded for assembly; decoded for verification and inspection. Decoding checks
 * every length prefix against the bytes that hold it.
 */
import { concatBytes } from '../../../protocol/bytes.ts';
import { lengthPrefixed, lengthPrefixedSequence, u32le } from '../../../protocol/signing/index.ts';
import { ApkError } from '../errors.ts';

export interface SignatureEntry {
  readonly algorithm: number;
  readonly signature: Uint8Array;
}

/** The value of a v2 or v3 block with one signer. */
export function encodeSignerBlock(fields: {
  signedData: Uint8Array;
  signatures: readonly SignatureEntry[];
  publicKey: Uint8Array;
  /** v3 only: the signer's SDK range, repeated outside the signed data. */
  sdkRange?: { min: number; max: number };
}): Uint8Array {
  const signatures = lengthPrefixedSequence(fields.signatures.map((s) => concatBytes(u32le(s.algorithm), lengthPrefixed(s.signature))));
  const range = fields.sdkRange === undefined ? new Uint8Array(0) : concatBytes(u32le(fields.sdkRange.min), u32le(fields.sdkRange.max));
  const signer = concatBytes(lengthPrefixed(fields.signedData), range, signatures, lengthPrefixed(fields.publicKey));
  return lengthPrefixedSequence([signer]);
}

/** Bounds-checked little-endian reading of length-prefixed structures. */
class Reader {
  private at = 0;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  u32(): number {
    if (this.at + 4 > this.bytes.length) throw new ApkError('BAD_SIGNING_BLOCK', `${this.what}: truncated`);
    const b = this.bytes;
    const v = (b[this.at]! | (b[this.at + 1]! << 8) | (b[this.at + 2]! << 16) | (b[this.at + 3]! << 24)) >>> 0;
    this.at += 4;
    return v;
  }

  prefixed(what: string): Reader {
    return new Reader(this.prefixedBytes(), `${this.what} ${what}`);
  }

  prefixedBytes(): Uint8Array {
    const n = this.u32();
    if (this.at + n > this.bytes.length) throw new ApkError('BAD_SIGNING_BLOCK', `${this.what}: length ${n} runs past its parent`);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

export interface DecodedSigner {
  readonly signedData: Uint8Array;
  readonly digests: readonly { algorithm: number; digest: Uint8Array }[];
  readonly certificates: readonly Uint8Array[];
  readonly additionalAttributes: readonly { id: number; value: Uint8Array }[];
  readonly signatures: readonly SignatureEntry[];
  readonly publicKey: Uint8Array;
  /** v3: the range in the signed data and the one repeated outside it. */
  readonly signedSdkRange?: { min: number; max: number };
  readonly sdkRange?: { min: number; max: number };
}

function pairs(list: Reader): SignatureEntry[] {
  const out: SignatureEntry[] = [];
  while (!list.done) {
    const item = list.prefixed('pair');
    out.push({ algorithm: item.u32(), signature: item.prefixedBytes() });
  }
  return out;
}

function decodeSigner(signer: Reader, v3: boolean): DecodedSigner {
  const signedData = signer.prefixedBytes();
  const sd = new Reader(signedData, 'signed data');
  const digests = pairs(sd.prefixed('digests')).map((p) => ({ algorithm: p.algorithm, digest: p.signature }));
  const certReader = sd.prefixed('certificates');
  const certificates: Uint8Array[] = [];
  while (!certReader.done) certificates.push(certReader.prefixedBytes());
  const signedSdkRange = v3 ? { min: sd.u32(), max: sd.u32() } : undefined;
  const attrReader = sd.prefixed('attributes');
  const additionalAttributes: { id: number; value: Uint8Array }[] = [];
  while (!attrReader.done) {
    const attr = attrReader.prefixedBytes();
    if (attr.length < 4) throw new ApkError('BAD_SIGNING_BLOCK', 'additional attribute shorter than its id');
    additionalAttributes.push({ id: new Reader(attr, 'attribute').u32(), value: attr.subarray(4) });
  }
  const sdkRange = v3 ? { min: signer.u32(), max: signer.u32() } : undefined;
  const signatures = pairs(signer.prefixed('signatures'));
  const publicKey = signer.prefixedBytes();
  return { signedData, digests, certificates, additionalAttributes, signatures, publicKey, signedSdkRange, sdkRange };
}

/** All signers of a v2 (v3 = false) or v3 block value. */
export function decodeSignerBlock(value: Uint8Array, v3: boolean): DecodedSigner[] {
  const signers = new Reader(value, v3 ? 'v3 block' : 'v2 block').prefixed('signers');
  const out: DecodedSigner[] = [];
  while (!signers.done) {
    if (out.length >= 10) throw new ApkError('BAD_SIGNING_BLOCK', 'more than 10 signers');
    out.push(decodeSigner(signers.prefixed('signer'), v3));
  }
  if (out.length === 0) throw new ApkError('BAD_SIGNING_BLOCK', `${v3 ? 'v3' : 'v2'} block has no signers`);
  return out;
}
