/**
 * The one error class of the optical link (rendering, image and video formats, scanning).
 * Callers switch on `code`, never on the message text.
 */
import { CodedError } from '../coded-error.ts';

export type OpticalErrorCode =
  | 'BAD_ARGUMENT'
  | 'PAYLOAD_TOO_LARGE'
  | 'BAD_PNG'
  | 'BAD_Y4M'
  | 'BAD_PNM'
  | 'IMAGE_TOO_LARGE'
  | 'UNSUPPORTED'
  | 'WASM_NOT_LOADED'
  | 'READ_FAILED'
  | 'OUTPUT_EXISTS'
  | 'WRITE_FAILED'
  | 'TOOL_FAILED';

export class OpticalError extends CodedError<OpticalErrorCode> {
  override readonly name = 'OpticalError';
}

export function isOpticalError(e: unknown, code?: OpticalErrorCode): e is OpticalError {
  return e instanceof OpticalError && (code === undefined || e.code === code);
}
