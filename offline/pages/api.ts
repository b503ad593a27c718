/**
 * The page's calls to its own server (offline/serve/server.ts): same origin, always with our
 * header, and with the cookie the server gave this page for its launch secret.
 */
import type { AnswerView, ApiReply, StateView, TakenView, TokenView } from './view.ts';

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

const json = (value: unknown) => JSON.stringify(value);

export const api = {
  /** The launch secret from the page's address, for the cookie (once per `serve`). */
  open: (launch: string) => call<true>('/api/session', 'POST', launch, 'text/plain'),
  state: () => call<StateView>('/api/state', 'GET'),
  request: (transfer: Uint8Array) => call<TakenView>('/api/request', 'POST', transfer as Uint8Array<ArrayBuffer>),
  /** The PIN's bytes go in the body of a POST, never in a URL; the caller wipes them afterwards. */
  login: (pin: Uint8Array) => call<TokenView>('/api/login', 'POST', pin as Uint8Array<ArrayBuffer>),
  sign: (requestDigest: string, confirm: number) => call<AnswerView>('/api/decision', 'POST', json({ requestDigest, approve: true, confirm }), 'application/json'),
  refuse: (requestDigest: string) => call<AnswerView>('/api/decision', 'POST', json({ requestDigest, approve: false }), 'application/json'),
  again: (requestDigest: string) => call<AnswerView>('/api/again', 'POST', json({ requestDigest }), 'application/json'),
  certificate: (fingerprint: string) => call<AnswerView>('/api/certificate', 'POST', json({ fingerprint }), 'application/json'),
  close: () => call<StateView>('/api/close', 'POST', ''),
};
