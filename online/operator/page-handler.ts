/**
 * The operator page's requests: its own files, and a small JSON API over the backend. Mounted at
 * the root of `airsign show`'s local server, or under a prefix of `airsign serve`. API calls must
 * come from the page itself: our header, and a same-origin fetch (another site's page in the same
 * browser can neither send them nor read the answers).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LIMITS } from '../../protocol/limits.ts';
import { PAGE_API_HEADER, PAGE_SECURITY_HEADERS } from '../../protocol/pages/index.ts';
import type { OperatorState } from '../pages/operator/view.ts';
import type { OperatorBackend } from './backend.ts';
import type { ServedFile } from './page-files.ts';

export interface OperatorPageOptions {
  readonly backend: OperatorBackend;
  readonly files: ReadonlyMap<string, ServedFile>;
  readonly density: string;
  /** QR codes in each picture to start with (--codes). */
  readonly codes: number;
  readonly fps: number;
  readonly densities: readonly string[];
  readonly fpsChoices: readonly number[];
  readonly log: (line: string) => void;
}

/** Handles one request; `path` is the part under the page's root, without a leading "/". */
export type OperatorPageHandler = (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void>;

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  res.writeHead(status, { ...PAGE_SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** Our header, and no sign of another site (browsers send Sec-Fetch-Site and Origin on fetches). */
function fromPage(req: IncomingMessage): boolean {
  if (req.headers[PAGE_API_HEADER] !== '1') return false;
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headers.origin;
  return origin === undefined || new URL(origin).host === req.headers.host;
}

async function readBody(req: IncomingMessage, max: number): Promise<Uint8Array> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) throw Object.assign(new Error(`the body is ${declared} bytes; at most ${max}`), { code: 'TOO_LARGE' });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw Object.assign(new Error(`the body is over ${max} bytes`), { code: 'TOO_LARGE' });
    chunks.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]*$/.test(code) ? code : undefined;
}

export function operatorPageHandler(options: OperatorPageOptions): OperatorPageHandler {
  const state = async (): Promise<OperatorState> => ({
    ...(await options.backend.history()),
    title: options.backend.title,
    requests: await options.backend.openRequests(),
    density: options.density,
    codes: options.codes,
    fps: options.fps,
    densities: options.densities,
    fpsChoices: options.fpsChoices,
  });

  return async (req, res, path) => {
    if (!path.startsWith('api/')) {
      const file = req.method === 'GET' || req.method === 'HEAD' ? options.files.get(path) : undefined;
      if (file === undefined) return send(res, 404, 'text/plain; charset=utf-8', 'not found');
      return send(res, 200, file.type, req.method === 'HEAD' ? '' : file.body);
    }
    if (!fromPage(req)) return reply(res, 403, { ok: false, code: 'NOT_FROM_PAGE', message: 'API calls come from the operator page only' });
    try {
      if (path === 'api/state' && req.method === 'GET') return reply(res, 200, { ok: true, value: await state() });
      if (path === 'api/certificate' && req.method === 'POST') {
        const pinned = await options.backend.pinCertificate(await readBody(req, LIMITS.maxTransferBytes));
        options.log(`pinned the certificate of ${pinned.label} from the operator page: sha256:${pinned.sha256}`);
        return reply(res, 200, { ok: true, value: pinned });
      }
      if (path === 'api/progress' && req.method === 'GET') return reply(res, 200, { ok: true, value: await options.backend.progress() });
      if (path === 'api/response' && req.method === 'POST') {
        const outcome = await options.backend.takeResponse(await readBody(req, LIMITS.maxTransferBytes));
        options.log(`response to session ${outcome.session}: ${outcome.signed} signed, ${outcome.refused} refused; ${outcome.requests.length} request(s) open`);
        return reply(res, 200, { ok: true, value: outcome });
      }
      return reply(res, 404, { ok: false, code: 'NOT_FOUND', message: `no API call ${req.method ?? ''} ${path}` });
    } catch (error) {
      const code = errorCode(error);
      const message = error instanceof Error ? error.message : String(error);
      if (code === undefined) options.log(`operator page: ${message}`);
      return reply(res, code === undefined ? 500 : 422, { ok: false, code: code ?? 'INTERNAL', message: code === undefined ? 'internal error; see the terminal' : message });
    }
  };
}
