/**
 * The offline side's job, done in the test process with a software key: reads a request message
 * file, signs what protocol/signing says each item covers, writes the response message file.
 * Options make the hostile cases: a refused item, one signature altered.
 */
import { createHash, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { messageDigest, messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { ItemResult, SigningRequest, SigningResponse } from '../../../protocol/messages/index.ts';
import { buildToBeSigned } from '../../../protocol/signing/index.ts';

export interface SoftwareKey {
  readonly privateKey: KeyObject;
  readonly certDer: Uint8Array;
}

export interface SignOptions {
  /** Item indexes to refuse instead of signing. */
  readonly refuse?: readonly number[];
  /** Flip a bit in the first signature of this item. */
  readonly alter?: number;
  readonly auditSeq?: number;
}

export function readRequest(file: Uint8Array): SigningRequest {
  const message = transferToMessage(file);
  if (message.kind !== 'request') throw new Error(`expected a request, got ${message.kind}`);
  return message;
}

export function signRequest(requestFile: Uint8Array, key: SoftwareKey, options: SignOptions = {}): Uint8Array {
  const request = readRequest(requestFile);
  const results: ItemResult[] = request.items.map((item, index) => {
    if (options.refuse?.includes(index) === true) return { index, status: 'refused', reason: 'OPERATOR_REFUSED', detail: 'declined in a test' };
    const signatures = buildToBeSigned(item, key.certDer).map((tbs) => {
      const signature = new Uint8Array(sign(tbs.hash, tbs.data, tbs.keyKind === 'ec' ? { key: key.privateKey, dsaEncoding: 'der' } : key.privateKey));
      return { scheme: tbs.scheme, method: tbs.method, signature };
    });
    if (options.alter === index) signatures[0]!.signature[signatures[0]!.signature.length - 5]! ^= 0x01;
    return { index, status: 'signed', signatures };
  });
  const seq = options.auditSeq ?? 1;
  const response: SigningResponse = {
    v: 2,
    kind: 'response',
    requestDigest: messageDigest(request),
    signedAt: Math.floor(Date.now() / 1000),
    results,
    audit: { seq, head: new Uint8Array(createHash('sha256').update(`audit ${seq}`).digest()) },
  };
  return messageToTransfer(response);
}
