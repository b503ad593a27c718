/**
 * Answers kept in the state directory: each request that signed anything has its response stored
 * here durably before the policy state commits it, with the changes the commit makes. So a signer
 * killed after signing but before the answer reached --out re-sends the same answer on a rerun of
 * the same request (instead of refusing it as signed before), and one killed between the stored
 * answer and the policy state finishes the commit when it next opens.
 *
 * `<state>/answers/<request digest>.json`: the response as a message transfer (base64), the
 * version floors the signed items raise, and the time the request was signed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { messageToTransfer, transferToMessage } from '../../protocol/messages/index.ts';
import type { SigningResponse } from '../../protocol/messages/index.ts';
import { SignerError } from '../errors.ts';
import { writeFileAtomic } from '../state/files.ts';
import { ensureDir } from '../state/files.ts';
import type { PolicyState } from '../policy/state.ts';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const Floor = z.strictObject({ key: hex64, subject: z.string().max(300), versionCode: z.number().int().min(0), artifact: hex64 });
const StoredFile = z.strictObject({
  v: z.literal(1),
  request: hex64,
  signedAt: z.number().int().min(0),
  floors: z.array(Floor).max(100_000),
  answer: z.string(),
});

export type FloorChange = z.infer<typeof Floor>;

export interface StoredAnswer {
  readonly request: string;
  readonly signedAt: number;
  readonly floors: readonly FloorChange[];
  readonly response: SigningResponse;
}

export function answersDir(stateDir: string): string {
  return join(stateDir, 'answers');
}

function answerPath(stateDir: string, requestHex: string): string {
  return join(answersDir(stateDir), `${requestHex}.json`);
}

/** Durable before it returns: the policy state may commit the request after this. */
export function storeAnswer(stateDir: string, answer: StoredAnswer): void {
  ensureDir(answersDir(stateDir));
  const file = { v: 1, request: answer.request, signedAt: answer.signedAt, floors: answer.floors, answer: Buffer.from(messageToTransfer(answer.response)).toString('base64') };
  writeFileAtomic(answerPath(stateDir, answer.request), `${JSON.stringify(file)}\n`);
}

export function readStoredAnswer(stateDir: string, requestHex: string): StoredAnswer | undefined {
  let text: string;
  try {
    text = readFileSync(answerPath(stateDir, requestHex), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SignerError('IO', `cannot read the stored answer of request ${requestHex}`, { cause: error });
  }
  try {
    const file = StoredFile.parse(JSON.parse(text));
    const response = transferToMessage(new Uint8Array(Buffer.from(file.answer, 'base64')));
    if (response.kind !== 'response' || Buffer.from(response.requestDigest).toString('hex') !== requestHex) throw new Error('not the response to this request');
    return { request: file.request, signedAt: file.signedAt, floors: file.floors, response };
  } catch (cause) {
    throw new SignerError('STATE_CORRUPT', `the stored answer of request ${requestHex} is not valid`, { cause });
  }
}

/** Requests with an in-progress journal in `dir`, by digest. */
export function listJournaled(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => /^[0-9a-f]{64}\.jsonl$/.test(f))
      .map((f) => f.slice(0, 64));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new SignerError('IO', `cannot list ${dir}`, { cause: error });
  }
}

/** What a stored answer commits to the policy state: its version floors, and the request as signed. */
export function commitAnswer(state: PolicyState, answer: StoredAnswer): void {
  for (const f of answer.floors) state.recordVersion(f.key, f.subject, f.versionCode, f.artifact);
  state.markSigned(answer.request, answer.signedAt);
  state.setAuditHead({ seq: answer.response.audit.seq, head: Buffer.from(answer.response.audit.head).toString('hex') });
}
