/** What came over the link and could not be read: a typed BAD_REQUEST carrying the protocol's own code. */
import { isFrameFileError } from '../../node/frames/index.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { isOpticalError } from '../../protocol/optical/index.ts';
import { SignerError } from '../errors.ts';

export function linkFailure(error: unknown, where: string): SignerError {
  if (error instanceof SignerError) return error;
  if (isProtocolError(error)) return new SignerError('BAD_REQUEST', `${error.code}: ${where}: ${error.message}`, { cause: error });
  // A picture or video that cannot be read (a bad y4m header, an absurd size) is hostile input too;
  // a file that cannot be opened at all is the operator's.
  // Frame files (node/frames): too many of them is hostile input; a directory that cannot be read is the operator's.
  if (isFrameFileError(error)) return error.code === 'TOO_MANY_FILES' ? new SignerError('BAD_REQUEST', `TOO_LARGE: ${error.message}`, { cause: error }) : new SignerError('IO', error.message, { cause: error });
  if (isOpticalError(error)) return new SignerError(error.code === 'READ_FAILED' ? 'IO' : 'BAD_REQUEST', `${error.code}: ${where}: ${error.message}`, { cause: error });
  throw error;
}

/** The protocol's code behind a BAD_REQUEST (TOO_LARGE, DECOMPRESS_LIMIT, SCHEMA, ...), for the error message sent back. */
export function linkErrorCode(error: SignerError): string {
  const cause = error.cause;
  if (isProtocolError(cause)) return cause.code;
  const m = /^([A-Z][A-Z0-9_]+):/.exec(error.message);
  return m?.[1] ?? error.code;
}
