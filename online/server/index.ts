export { startServer } from './server.ts';
export type { RunningServer } from './server.ts';
export { loadConfig, artifactAllowed } from './config.ts';
export type { ServerConfig, SubmitterConfig } from './config.ts';
export { Router } from './router.ts';
export type { RouteContext, RouteHandler } from './router.ts';
export { ServerError } from './errors.ts';
export type { ServerErrorCode } from './errors.ts';
export type { ClientIdentity } from './identity.ts';
