export { SigningRequest, SigningItem, V1Fields, V2V3Fields, SCHEMES } from './request.ts';
export type { Scheme } from './request.ts';
export { SigningResponse, ItemResult, ItemSignature, REFUSAL_REASONS } from './response.ts';
export type { RefusalReason } from './response.ts';
export { CertificateExport } from './certificate.ts';
export { ErrorMessage } from './error.ts';
export { Message } from './message.ts';
export type { MessageKind } from './message.ts';
