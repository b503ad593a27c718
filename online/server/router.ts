/**
 * A small router: API routes by method and path pattern, and mounted prefixes for what later
 * parts add (the operator pages). Every request is identified by its client certificate first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientIdentity } from './identity.ts';

export interface RouteContext {
  readonly identity: ClientIdentity;
  readonly params: Readonly<Record<string, string>>;
  readonly url: URL;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, ctx: RouteContext) => Promise<void>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: RouteHandler;
}

export class Router {
  private readonly routes: Route[] = [];
  private readonly mounts: { prefix: string; handler: RouteHandler }[] = [];

  /** Adds a route; ":name" in the path matches one path segment of safe characters. */
  add(method: string, path: string, handler: RouteHandler): this {
    const names: string[] = [];
    const source = path.replace(/:([a-z]+)/g, (_m, name: string) => {
      names.push(name);
      return '([A-Za-z0-9._-]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  /** Hands every path under `prefix` to `handler` (for pages served by later parts). */
  mount(prefix: string, handler: RouteHandler): this {
    this.mounts.push({ prefix, handler });
    return this;
  }

  /** Finds the handler for a request; `allowed` lists the methods of a path that exists. */
  match(method: string, url: URL): { handler: RouteHandler; params: Record<string, string> } | { allowed: string[] } {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.pattern.exec(url.pathname);
      if (m === null) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = m[i + 1]!));
      return { handler: route.handler, params };
    }
    if (allowed.length === 0) {
      const mount = this.mounts.find((m) => url.pathname === m.prefix || url.pathname.startsWith(`${m.prefix}/`));
      if (mount !== undefined) return { handler: mount.handler, params: {} };
    }
    return { allowed };
  }
}
