/**
 * Binds the signer page to the browser that opened it. `serve` makes a secret when it starts and
 * prints it in the page's address (after `#`, so no request line or log carries it); the page
 * hands it in once, and gets in return an HttpOnly, SameSite=Strict cookie that every API call
 * must carry. The launch secret is spent by that exchange, so another local process that reaches
 * 127.0.0.1 (and can set any header) holds neither.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const PAGE_COOKIE = 'airsign-signer';

function secret(): string {
  return randomBytes(32).toString('base64url');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The cookie's value in a Cookie header, if it is there once. */
function cookieOf(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  const values = header
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${PAGE_COOKIE}=`))
    .map((part) => part.slice(PAGE_COOKIE.length + 1));
  return values.length === 1 ? values[0] : undefined;
}

export class PageSession {
  private launch: string | undefined = secret();
  private cookie: string | undefined;

  /** The secret for the printed address; undefined once a page has exchanged it. */
  get launchSecret(): string | undefined {
    return this.launch;
  }

  /** The Set-Cookie value for a page that hands in the launch secret, once; undefined otherwise. */
  exchange(offered: string): string | undefined {
    if (this.launch === undefined || !same(offered, this.launch)) return undefined;
    this.launch = undefined;
    this.cookie = secret();
    return `${PAGE_COOKIE}=${this.cookie}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** Whether the request carries the cookie this server gave its page. */
  holds(req: IncomingMessage): boolean {
    const offered = cookieOf(req);
    return this.cookie !== undefined && offered !== undefined && same(offered, this.cookie);
  }
}
