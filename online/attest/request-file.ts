/** A session's request message file, read and rewritten with what is attached to it. */
import { readFile } from 'node:fs/promises';
import { writeFileDurable } from '../../node/durable.ts';
import { messageToTransfer, transferToMessage } from '../../protocol/messages/index.ts';
import type { SigningRequest } from '../../protocol/messages/index.ts';
import { attachVouch } from './attach.ts';
import type { Attachment } from './attach.ts';
import { AttestError } from './errors.ts';

export async function readRequestFile(path: string): Promise<SigningRequest> {
  const message = transferToMessage(new Uint8Array(await readFile(path)));
  if (message.kind !== 'request') throw new AttestError('APPROVE_NO_REQUEST', `${path} holds a ${message.kind}, not a request`);
  return message;
}

export async function attachToRequestFile(path: string, add: Attachment): Promise<{ request: SigningRequest; attached: number }> {
  const result = attachVouch(await readRequestFile(path), add);
  await writeFileDurable(path, messageToTransfer(result.request));
  return result;
}
