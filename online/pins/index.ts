export { certificateFromFile } from './parse.ts';
export { PinError } from './errors.ts';
export type { PinErrorCode } from './errors.ts';
