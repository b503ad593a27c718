/**
 * Inflates with a hard cap enforced while inflating. fflate's streaming Inflate decodes each
 * pushed chunk in full before it hands the output over, so the input goes in chunks of 4 KiB:
 * deflate expands at most 1032 to 1, so no single push can produce more than about 4 MiB (the
 * size of the largest message), and output beyond the expected length is refused as soon as it
 * appears. A 1 GiB bomb is refused after a few MiB. (Smaller chunks would lower that bound
 * further, but every push costs fflate a fresh window buffer, and 1 KiB chunks made a 50 KB
 * transfer several times slower to read.)
 *
 * A deflate stream ends itself (its last block says so), so bytes after it would go unnoticed;
 * they are refused as TRAILING_BYTES, as the stored form refuses them. fflate's public API does
 * not say how much input the stream used, but its inflater keeps the unread input and the bit
 * position in it (fflate is pinned exactly); when those are not there, the check falls back to
 * inflating the payload without its last byte, which must not still be a whole stream (a second
 * inflate: about 3 ms more for a 52 KB, 100-item response).
 */
import { Inflate } from 'fflate';
import { ProtocolError, isProtocolError } from '../errors.ts';

const CHUNK = 4096;

/** Inflates `payload`, which must produce exactly `expected` bytes and end where the deflate stream ends. */
export function inflateExactly(payload: Uint8Array, expected: number, dictionary: Uint8Array): Uint8Array {
  if (payload.length === 0) throw new ProtocolError('DECOMPRESS_FAILED', 'deflate payload is empty');
  const { out, unread } = inflateInto(payload, expected, dictionary);
  const trailing = unread ?? (payload.length > 1 && isWholeStream(payload.subarray(0, payload.length - 1), expected, dictionary) ? 1 : 0);
  if (trailing > 0) throw new ProtocolError('TRAILING_BYTES', 'transfer holds bytes past the end of its deflate stream');
  return out;
}

/** Whole input bytes the finished stream did not read, from fflate's inflater state; undefined if that state is not there. */
function unreadBytes(inflater: Inflate): number | undefined {
  const state = inflater as unknown as { p?: unknown; s?: { p?: unknown } };
  const rest = state.p;
  const bit = state.s?.p;
  if (!(rest instanceof Uint8Array) || typeof bit !== 'number' || bit < 0 || bit > 7) return undefined;
  return rest.length - (bit > 0 ? 1 : 0);
}

function isWholeStream(payload: Uint8Array, expected: number, dictionary: Uint8Array): boolean {
  try {
    inflateInto(payload, expected, dictionary);
    return true;
  } catch {
    return false;
  }
}

function inflateInto(payload: Uint8Array, expected: number, dictionary: Uint8Array): { out: Uint8Array; unread: number | undefined } {
  const out = new Uint8Array(expected);
  let produced = 0;
  const inflater = new Inflate({ dictionary }, (chunk) => {
    if (chunk.length > expected - produced) {
      throw new ProtocolError('DECOMPRESS_LIMIT', `payload inflates to more than the ${expected} bytes declared`);
    }
    out.set(chunk, produced);
    produced += chunk.length;
  });
  try {
    for (let at = 0; at < payload.length; at += CHUNK) {
      inflater.push(payload.subarray(at, at + CHUNK), at + CHUNK >= payload.length);
    }
  } catch (cause) {
    if (isProtocolError(cause)) throw cause;
    throw new ProtocolError('DECOMPRESS_FAILED', `payload is not valid deflate data: ${(cause as Error).message}`, { cause });
  }
  if (produced !== expected) {
    throw new ProtocolError('DECOMPRESS_FAILED', `payload inflates to ${produced} bytes, not the ${expected} declared`);
  }
  return { out, unread: unreadBytes(inflater) };
}
