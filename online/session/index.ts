export { requestSigning } from './request.ts';
export type { RequestOptions, RequestResult } from './request.ts';
export { receiveResponse } from './receive.ts';
export type { ReceiveResult } from './receive.ts';
export { openWorkspace, workspaceContext, WORKSPACE_POLICY } from './workspace.ts';
export { SessionError } from './errors.ts';
export type { SessionErrorCode } from './errors.ts';
