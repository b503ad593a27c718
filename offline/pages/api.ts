/** The page's calls to its own server (offline/serve/server.ts): same origin, always with our header. */
import type { AnswerView, ApiReply, ReviewView, StateView, TokenView } from './view.ts';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, method: 'GET' | 'POST', body?: BodyInit, type = 'application/octet-stream'): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: { 'x-airsign-page': '1', ...(body === undefined ? {} : { 'content-type': type }) },
    credentials: 'same-origin',
    cache: 'no-store',
    redirect: 'error',
    ...(body === undefined ? {} : { body }),
  });
  const reply = (await response.json()) as ApiReply<T>;
  if (!reply.ok) throw new ApiError(reply.code, reply.message);
  return reply.value;
}

export const api = {
  state: () => call<StateView>('/api/state', 'GET'),
  request: (transfer: Uint8Array) => call<{ review: ReviewView } | { answer: AnswerView }>('/api/request', 'POST', transfer as Uint8Array<ArrayBuffer>),
  /** The PIN's bytes go in the body of a POST, never in a URL; the caller wipes them afterwards. */
  login: (pin: Uint8Array) => call<TokenView>('/api/login', 'POST', pin as Uint8Array<ArrayBuffer>),
  decide: (requestDigest: string, approve: boolean) => call<AnswerView>('/api/decision', 'POST', JSON.stringify({ requestDigest, approve }), 'application/json'),
  close: () => call<StateView>('/api/close', 'POST', ''),
};
