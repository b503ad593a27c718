/** A small HTTPS client for the tests, with a client certificate (or none), streaming bodies. */
import { request } from 'node:https';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ClientTls {
  readonly ca: string;
  readonly cert?: string;
  readonly key?: string;
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  json(): unknown;
}

export async function call(url: string, tls: ClientTls, options: { method?: string; body?: Buffer | (() => Readable); length?: number } = {}): Promise<Reply> {
  return new Promise<Reply>((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        ca: tls.ca,
        ...(tls.cert === undefined ? {} : { cert: tls.cert, key: tls.key }),
        agent: false,
        headers: options.length === undefined ? {} : { 'content-length': options.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) as unknown });
        });
      },
    );
    req.on('error', reject);
    const body = options.body;
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else pipeline(body(), req).catch(reject);
  });
}
