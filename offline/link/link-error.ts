/** What came over the link and could not be read: a typed BAD_REQUEST carrying the link's own code as `reason`. */
import { isFrameFileError } from '../../node/frames/index.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { isOpticalError } from '../../protocol/optical/index.ts';
import { SignerError } from '../errors.ts';

/** A refusal of what came over the link: BAD_REQUEST, `reason` the link's code (the message starts with it, for the operator). */
export function linkRefusal(reason: string, detail: string, cause?: unknown): SignerError {
  return new SignerError('BAD_REQUEST', `${reason}: ${detail}`, { reason, cause });
}

export function linkFailure(error: unknown, where: string): SignerError {
  if (error instanceof SignerError) return error;
  if (isProtocolError(error)) return linkRefusal(error.code, `${where}: ${error.message}`, error);
  // Frame files (node/frames): too many of them is hostile input; a directory that cannot be read is the operator's.
  if (isFrameFileError(error)) return error.code === 'TOO_MANY_FILES' ? linkRefusal('TOO_LARGE', error.message, error) : new SignerError('IO', error.message, { cause: error });
  // A picture or video that cannot be read (a bad y4m header, an absurd size) is hostile input too;
  // a file that cannot be opened at all is the operator's.
  if (isOpticalError(error)) return error.code === 'READ_FAILED' ? new SignerError('IO', `${error.code}: ${where}: ${error.message}`, { cause: error, reason: error.code }) : linkRefusal(error.code, `${where}: ${error.message}`, error);
  throw error;
}

/** The link's code behind a BAD_REQUEST (TOO_LARGE, DECOMPRESS_LIMIT, SCHEMA, ...), for the error message sent back. */
export function linkErrorCode(error: SignerError): string {
  return error.reason ?? error.code;
}
