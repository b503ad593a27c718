/**
 * The anchor: the last sequence number and head hash the signer synced, kept beside the log.
 * The hash chain alone cannot show that records were cut off the end; the anchor (and every
 * response, which quotes the same two values) can. Its `keyed` part is the head after the last
 * batch that signed anything, signed in the token (keyed-anchor.ts), so rewriting the chain and
 * the anchor together shows too.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SignerError } from '../errors.ts';
import { writeFileAtomic } from '../state/files.ts';
import { KeyedPart } from './keyed-anchor.ts';
import type { Anchor } from './scan.ts';

const AnchorFile = z.strictObject({ seq: z.number().int().min(0), head: z.string().regex(/^[0-9a-f]{64}$/), keyed: KeyedPart.optional() });

export interface AnchorContent extends Anchor {
  readonly keyed?: KeyedPart;
}

export function anchorPathFor(logPath: string): string {
  return `${logPath}.anchor`;
}

export function readAnchor(path: string): AnchorContent | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SignerError('IO', `cannot read ${path}`, { cause: error });
  }
  try {
    return AnchorFile.parse(JSON.parse(text));
  } catch (cause) {
    throw new SignerError('AUDIT_CORRUPT', `the audit anchor ${path} is not valid`, { cause });
  }
}

/** An anchor older than the log is expected (a crash between the two); so its rename need not be synced. */
export function writeAnchor(path: string, anchor: AnchorContent): void {
  const content = anchor.keyed === undefined ? { seq: anchor.seq, head: anchor.head } : { seq: anchor.seq, head: anchor.head, keyed: anchor.keyed };
  writeFileAtomic(path, `${JSON.stringify(content)}\n`, 0o600, false);
}
