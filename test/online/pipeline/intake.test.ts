/**
 * online/pipeline/intake.ts: Taking a response in, in process: every refusal has its code and leaves the spool exactly as it
 * was (the session record's bytes are compared); an error message from the signer fails the
 * session's artifacts with the signer's code.
 */
import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ITEMS_PER_REQUEST } from '../../../protocol/batch-size.ts';
import { messageDigest, messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningResponse } from '../../../protocol/messages/index.ts';
import { realParts } from '../../../online/cli/parts.ts';
import { cancelSession, isPipelineError, runUntilIdle, takeResponse } from '../../../online/pipeline/index.ts';
import type { PipelineContext } from '../../../online/pipeline/index.ts';
import { requestSigning, openWorkspace, workspaceContext } from '../../../online/session/index.ts';
import type { Spool } from '../../../online/store/index.ts';
import { makeApk } from '../helpers/apks.ts';
import { makeSigningKey } from '../helpers/signing-key.ts';
import type { SigningKeyFiles } from '../helpers/signing-key.ts';
import { readRequest, signRequest } from '../helpers/software-signer.ts';

let dir: string;
let key: SigningKeyFiles;
let spool: Spool;
let ctx: PipelineContext;
let request: Uint8Array;
let sessionId: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airsign-intake-'));
  key = await makeSigningKey(dir);
  const files = [join(dir, 'a.apk'), join(dir, 'b.apk')];
  await makeApk(files[0]!, { packageName: 'org.example.a', versionCode: 1, minSdk: 26 });
  await makeApk(files[1]!, { packageName: 'org.example.b', versionCode: 1, minSdk: 26 });
  const parts = await realParts();
  const result = await requestSigning({ dir: join(dir, 'work'), files, certFile: key.certPath, parts, log: () => {} });
  request = new Uint8Array(await readFile(result.requests[0]!));
  spool = await openWorkspace(join(dir, 'work'), false);
  ctx = workspaceContext(spool, parts, () => {}, DEFAULT_ITEMS_PER_REQUEST);
  sessionId = spool.sessions()[0]!.id;
  return () => spool.close();
});

async function refusedWith(file: Uint8Array, code: string): Promise<void> {
  const before = await readFile(spool.layout.sessionRecord(sessionId));
  const error = await takeResponse(ctx, file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isPipelineError(error) ? error.code : error).toBe(code);
  expect(await readFile(spool.layout.sessionRecord(sessionId))).toEqual(before);
  expect(spool.session(sessionId)?.state).toBe('open');
}

function reshaped(change: (r: SigningResponse) => SigningResponse): Uint8Array {
  const response = transferToMessage(signRequest(request, key)) as SigningResponse;
  return messageToTransfer(change(response));
}

describe('response intake', () => {
  it('refuses what is not a response, or does not answer the request one for one', async () => {
    await refusedWith(request, 'RESPONSE_WRONG_KIND');
    await refusedWith(new Uint8Array([1, 2, 3]), 'RESPONSE_UNREADABLE');
    await refusedWith(reshaped((r) => ({ ...r, results: r.results.slice(0, 1) })), 'RESPONSE_MISMATCH');
    await refusedWith(reshaped((r) => ({ ...r, results: [r.results[0]!, r.results[0]!] })), 'RESPONSE_MISMATCH');
    await refusedWith(reshaped((r) => ({ ...r, requestDigest: new Uint8Array(32) })), 'RESPONSE_FOREIGN');
    // Signatures swapped between the two items: each is a good signature, of the other item.
    await refusedWith(
      reshaped((r) => {
        const [a, b] = r.results;
        if (a?.status !== 'signed' || b?.status !== 'signed') throw new Error('expected two signed results');
        return { ...r, results: [{ ...a, signatures: b.signatures }, { ...b, signatures: a.signatures }] };
      }),
      'RESPONSE_BAD_SIGNATURE',
    );
  });

  it('takes a good response once, then refuses it as a replay', async () => {
    const good = signRequest(request, key);
    const taken = await takeResponse(ctx, good);
    expect(taken).toMatchObject({ signed: 2, refused: 0 });
    expect(spool.session(sessionId)?.response?.audit.seq).toBe(1);
    const error = await takeResponse(ctx, good).catch((e: unknown) => e);
    expect(isPipelineError(error, 'RESPONSE_REPLAYED')).toBe(true);
  });

  it('fails the artifacts of a session the signer answered with an error', async () => {
    const digest = messageDigest(readRequest(request));
    const message = messageToTransfer({ v: 2, kind: 'error', requestDigest: digest, code: 'TOKEN_ABSENT', message: 'no token', at: Math.floor(Date.now() / 1000) });
    await takeResponse(ctx, message);
    await runUntilIdle(ctx);
    expect(spool.artifacts().map((a) => [a.state, a.failure?.code])).toEqual([
      ['failed', 'SIGNER_TOKEN_ABSENT'],
      ['failed', 'SIGNER_TOKEN_ABSENT'],
    ]);
  });
});

describe('cancelling a session', () => {
  it('fails its artifacts with a reason, and refuses its response afterwards', async () => {
    const response = signRequest(request, key);
    await cancelSession(ctx, sessionId, 'a test');
    expect(spool.artifacts().map((a) => a.failure?.code)).toEqual(['SESSION_CANCELLED', 'SESSION_CANCELLED']);
    const error = await takeResponse(ctx, response).catch((e: unknown) => e);
    expect(isPipelineError(error, 'SESSION_CLOSED')).toBe(true);
  });
});
