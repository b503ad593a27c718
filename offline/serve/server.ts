/**
 * The signer page's server: 127.0.0.1 only, the page's own files and a small JSON API over the
 * signing desk. Requests must name this server as their host (no DNS rebinding), and API calls
 * must come from the page itself (a custom header and a same-origin fetch: another site's page in
 * the same browser can neither send them nor read the answers). Every API call but the first
 * must also carry the cookie this server gave the page that brought the launch secret printed on
 * the terminal (page-session.ts), so another local process, which can send any header, is refused.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS } from '../../protocol/limits.ts';
import { PAGE_API_HEADER } from '../../protocol/pages/index.ts';
import { isSignerError } from '../errors.ts';
import type { SignerErrorCode } from '../errors.ts';
import { MAX_PIN_BYTES } from '../operator/pin.ts';
import { BodyTooLarge, readBody, send, sendJson } from './http.ts';
import type { ServedFile } from './page-files.ts';
import { PageSession } from './page-session.ts';
import type { Decision, SigningDesk } from './signing-desk.ts';


export interface SignerPageServer {
  /** The page's address with its launch secret after "#": print it on the terminal only. */
  readonly url: string;
  close(): Promise<void>;
}

const STATUS: Partial<Record<SignerErrorCode, number>> = { PIN_INCORRECT: 401, PIN_LOCKED: 423, PIN_MISSING: 401, PIN_INVALID: 400, USAGE: 409, NETWORK_UP: 503, KEY_NOT_FOUND: 404 };

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, code, message });
}

function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function fromPage(req: IncomingMessage, port: number): boolean {
  if (req.headers[PAGE_API_HEADER] !== '1') return false;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) return false;
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin';
}

function parseJson(body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new Refused(400, 'BAD_JSON', 'the body is not JSON');
  }
  if (typeof value !== 'object' || value === null) throw new Refused(400, 'BAD_JSON', 'the body is not a JSON object');
  return value as Record<string, unknown>;
}

function digestOf(v: Record<string, unknown>): string {
  if (typeof v.requestDigest !== 'string' || !/^[0-9a-f]{64}$/.test(v.requestDigest)) throw new Refused(400, 'BAD_JSON', 'requestDigest must be 64 hex digits');
  return v.requestDigest;
}

/** {"requestDigest": hex, "approve": true, "confirm": N} or {"requestDigest": hex, "approve": false}. */
function parseDecision(body: Buffer): { requestDigest: string; decision: Decision } {
  const v = parseJson(body);
  const requestDigest = digestOf(v);
  if (v.approve === false) return { requestDigest, decision: { approve: false } };
  if (v.approve === true && typeof v.confirm === 'number' && Number.isSafeInteger(v.confirm)) return { requestDigest, decision: { approve: true, confirm: v.confirm } };
  throw new Refused(400, 'BAD_JSON', 'a decision is {"requestDigest": hex, "approve": true, "confirm": items} or {"requestDigest": hex, "approve": false}');
}

async function api(desk: SigningDesk, path: string, req: IncomingMessage): Promise<unknown> {
  if (path === '/api/state' && req.method === 'GET') return desk.state();
  if (req.method !== 'POST') throw new Refused(405, 'METHOD', `${req.method ?? '?'} ${path} is not an API call`);
  switch (path) {
    case '/api/request':
      return desk.takeRequest(new Uint8Array(await readBody(req, LIMITS.maxTransferBytes)));
    case '/api/login': {
      const pin = await readBody(req, MAX_PIN_BYTES, true);
      if (pin.length === 0) throw new Refused(400, 'PIN_INVALID', 'empty PIN');
      desk.login(pin);
      return desk.state().token;
    }
    case '/api/decision': {
      const { requestDigest, decision } = parseDecision(await readBody(req, 4096));
      return desk.decide(requestDigest, decision);
    }
    case '/api/again':
      return desk.showAgain(digestOf(parseJson(await readBody(req, 4096))));
    case '/api/certificate': {
      const v = parseJson(await readBody(req, 4096));
      if (typeof v.fingerprint !== 'string' || !/^[0-9a-f]{64}$/.test(v.fingerprint)) throw new Refused(400, 'BAD_JSON', 'fingerprint must be 64 hex digits');
      return desk.showCertificate(v.fingerprint);
    }
    case '/api/close':
      desk.close();
      return desk.state();
    default:
      throw new Refused(404, 'NOT_FOUND', `no API call ${path}`);
  }
}

/** The page's first call: the launch secret from its address for the cookie (once per `serve`). */
async function openSession(session: PageSession, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const offered = (await readBody(req, 256)).toString('utf8');
  const cookie = session.exchange(offered);
  if (cookie === undefined) return fail(res, 403, 'NOT_LAUNCHED', 'this is not the address the signer printed, or a page has already opened it; restart airsign-signer serve');
  sendJson(res, 200, { ok: true, value: true }, { 'set-cookie': cookie });
}

export async function startSignerPage(
  desk: SigningDesk,
  files: ReadonlyMap<string, ServedFile>,
  options: { readonly port: number; readonly log: (line: string) => void },
): Promise<SignerPageServer> {
  let port = options.port;
  const session = new PageSession();
  const launch = session.launchSecret!;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (!hostAllowed(req, port)) return fail(res, 421, 'WRONG_HOST', 'this server answers to 127.0.0.1 only');
    if (!path.startsWith('/api/')) {
      const file = req.method === 'GET' || req.method === 'HEAD' ? files.get(path) : undefined;
      if (file === undefined) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
      return send(res, 200, file.type, req.method === 'HEAD' ? '' : file.body);
    }
    if (!fromPage(req, port)) return fail(res, 403, 'NOT_FROM_PAGE', 'API calls come from the signer page only');
    if (path === '/api/session' && req.method === 'POST') {
      openSession(session, req, res).catch(() => fail(res, 400, 'BAD_BODY', 'the launch secret could not be read'));
      return;
    }
    if (!session.holds(req)) return fail(res, 403, 'NOT_THIS_PAGE', 'API calls come from the page opened with the address the signer printed');
    api(desk, path, req).then(
      (value) => sendJson(res, 200, { ok: true, value }),
      (error: unknown) => {
        if (error instanceof Refused) return fail(res, error.status, error.code, error.message);
        if (error instanceof BodyTooLarge) return fail(res, 413, 'TOO_LARGE', error.message);
        if (isSignerError(error)) return fail(res, STATUS[error.code] ?? 400, error.code, error.message);
        options.log(`error in ${path}: ${error instanceof Error ? error.message : String(error)}`);
        return fail(res, 500, 'INTERNAL', 'the signer failed; see its terminal');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/#launch=${launch}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
