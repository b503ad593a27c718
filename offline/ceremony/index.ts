export { generateSigningKey } from './keygen.ts';
export type { KeygenOptions, KeygenResult } from './keygen.ts';
export { parseKeyType, keyTypeName, KEY_TYPE_NAMES } from './key-spec.ts';
export { toPem } from './certificate.ts';
export { parseDistinguishedName, encodeName } from './name.ts';
export { certificateMessage } from './certificate-message.ts';
