/**
 * The plumbing of the signer's local server: the pages' security headers on every reply, request
 * bodies read with a cap before anything is kept, JSON replies. Nothing here logs a body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PAGE_SECURITY_HEADERS } from '../../protocol/pages/index.ts';

export function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...PAGE_SECURITY_HEADERS, ...extra, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), extra);
}

export class BodyTooLarge extends Error {}

/**
 * The request body, refused past `max` bytes without keeping more. With `wipe`, every chunk is
 * zeroed once copied (a PIN must not linger in Node's buffers longer than needed).
 */
export function readBody(req: IncomingMessage, max: number, wipe = false): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > max) return Promise.reject(new BodyTooLarge(`body of ${declared} bytes; at most ${max}`));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let length = 0;
    let failed = false;
    const drop = () => {
      for (const p of parts) p.fill(0);
      parts.length = 0;
    };
    req.on('data', (chunk: Buffer) => {
      if (!failed && length + chunk.length > max) {
        failed = true;
        drop();
        reject(new BodyTooLarge(`body larger than ${max} bytes`));
      }
      if (!failed) {
        parts.push(Buffer.from(chunk));
        length += chunk.length;
      }
      if (wipe) chunk.fill(0);
    });
    req.on('end', () => {
      if (failed) return;
      const out = Buffer.concat(parts, length);
      if (wipe) drop();
      resolve(out);
    });
    req.on('error', (e) => {
      drop();
      reject(e);
    });
  });
}
