export { requestSigning } from './request.ts';
export type { RequestOptions, RequestResult } from './request.ts';
export { receiveResponse } from './receive.ts';
export type { ReceiveResult } from './receive.ts';
export { openWorkspace, workspaceContext, workspacePolicy } from './workspace.ts';
export { loadBatchCap, saveBatchCap } from './batch-cap.ts';
export { SessionError } from './errors.ts';
export type { SessionErrorCode } from './errors.ts';
