/**
 * The cleartext signature framework (RFC 4880 section 7; RFC 9580 section 7), as apt's InRelease
 * uses it: the text, dash-escaped, between a "BEGIN PGP SIGNED MESSAGE" line with its "Hash:"
 * header and an armored signature of type 0x01 (text). That signature covers the canonical text:
 * each line with its trailing spaces and tabs removed, lines joined by CR LF, and the line end
 * before the signature's armor not part of it (section 7.1).
 */
import { utf8 } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { ARMOR, armor } from './armor.ts';

/** The text's lines: split on LF, the line end of the last line (if any) not a line of its own. */
function lines(text: string): string[] {
  if (text.includes('\r')) throw new ProtocolError('BAD_ARGUMENT', 'cleartext to sign uses LF line ends, not CR', { fields: ['text'] });
  const all = text.split('\n');
  if (all.length > 1 && all[all.length - 1] === '') all.pop();
  return all;
}

/** The bytes a text signature (type 0x01) over this cleartext hashes, before its trailer. */
export function canonicalText(text: string): Uint8Array {
  return utf8(lines(text).map((line) => line.replace(/[ \t]+$/, '')).join('\r\n'));
}

/** Section 7.1: a line starting with "-" is written after "- " (and, as gpg does, one starting with "From "). */
export function dashEscape(line: string): string {
  return line.startsWith('-') || line.startsWith('From ') ? `- ${line}` : line;
}

/** The whole cleartext-signed message, given the finished signature packet (type 0x01, SHA-256). */
export function cleartextMessage(text: string, signaturePacket: Uint8Array): string {
  const body = lines(text).map(dashEscape).join('\n');
  return `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${body}\n${armor(ARMOR.signature, signaturePacket)}`;
}
