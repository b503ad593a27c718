/** offline/link/link-error.ts: the code sent back for a refused request is carried as a field, never read back out of the message text. */
import { describe, expect, it } from 'vitest';
import { SignerError } from '../../../offline/errors.ts';
import { linkErrorCode, linkFailure, linkRefusal } from '../../../offline/link/link-error.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { OpticalError } from '../../../protocol/optical/index.ts';

describe('linkErrorCode', () => {
  it('answers with the link code the refusal carries', () => {
    expect(linkErrorCode(linkRefusal('INCOMPLETE', 'frames ran out'))).toBe('INCOMPLETE');
    expect(linkErrorCode(linkFailure(new ProtocolError('SCHEMA', 'bad field'), 'in.msg'))).toBe('SCHEMA');
    expect(linkErrorCode(linkFailure(new OpticalError('BAD_Y4M', 'bad header'), 'in.y4m'))).toBe('BAD_Y4M');
  });

  it('does not take a code out of message text (a path the operator named can start like one)', () => {
    const error = new SignerError('NOT_A_REQUEST', 'TOO_LARGE: holds a response message, not a signing request');
    expect(linkErrorCode(error)).toBe('NOT_A_REQUEST');
  });

  it('keeps the message an operator reads as it was', () => {
    expect(linkRefusal('TOO_LARGE', 'in.msg has 9 bytes').message).toBe('TOO_LARGE: in.msg has 9 bytes');
    expect(linkRefusal('TOO_LARGE', 'x').code).toBe('BAD_REQUEST');
  });
});
