/** JSON replies and errors, one shape for every route: {"error": {"code", "message"}}. */
import type { ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body, null, 2)}\n`;
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string, extra: { retryAfterSeconds?: number; reason?: string } = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // A body may still be arriving (an upload refused midway): close the connection after replying.
  res.setHeader('connection', 'close');
  if (extra.retryAfterSeconds !== undefined) res.setHeader('retry-after', String(extra.retryAfterSeconds));
  sendJson(res, status, { error: { code, ...(extra.reason === undefined ? {} : { reason: extra.reason }), message } });
}
