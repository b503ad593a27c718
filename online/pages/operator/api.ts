/** The page's calls to its own server, by URLs relative to the page (it may be mounted under a prefix). */
import { PAGE_API_HEADER } from '../../../protocol/pages/index.ts';
import type { ApiReply, OperatorState, PinnedView, ProgressView, ResponseOutcome } from './view.ts';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, method: 'GET' | 'POST', body?: Uint8Array): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { [PAGE_API_HEADER]: '1', ...(body === undefined ? {} : { 'content-type': 'application/octet-stream' }) },
    credentials: 'same-origin',
    cache: 'no-store',
    redirect: 'error',
    ...(body === undefined ? {} : { body: body as Uint8Array<ArrayBuffer> }),
  });
  const reply = (await response.json()) as ApiReply<T>;
  if (!reply.ok) throw new ApiError(reply.code, reply.message);
  return reply.value;
}

export const api = {
  state: () => call<OperatorState>('api/state', 'GET'),
  response: (transfer: Uint8Array) => call<ResponseOutcome>('api/response', 'POST', transfer),
  progress: () => call<ProgressView>('api/progress', 'GET'),
  certificate: (transfer: Uint8Array) => call<PinnedView>('api/certificate', 'POST', transfer),
};
