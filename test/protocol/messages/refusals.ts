/** Runs `f` and returns the ProtocolError it throws; anything else thrown, or nothing, fails the test. */
import { ProtocolError } from '../../../protocol/errors.ts';

export function refusalOf(f: () => unknown): ProtocolError {
  try {
    f();
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw e;
  }
  throw new Error('expected a ProtocolError, but nothing was thrown');
}
