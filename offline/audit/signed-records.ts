/**
 * The signed records of one request after a given sequence number, for a rerun that resumes a
 * request a kill cut short: which of its journaled signatures the audit log already holds. The
 * log was verified when the signer opened it.
 */
import { readFileSync } from 'node:fs';

/** Keys `item/scheme/signature-hash` of the request's signed records with seq > afterSeq. */
export function signedRecordKeys(logPath: string, request: string, afterSeq: number): Set<string> {
  const keys = new Set<string>();
  let text: string;
  try {
    text = readFileSync(logPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return keys;
    throw error;
  }
  for (const line of text.split('\n')) {
    if (!line.includes(request)) continue;
    const r = JSON.parse(line) as { event: string; seq: number; request?: string; item?: number; scheme?: string; signature?: string };
    if (r.event === 'signed' && r.request === request && r.seq > afterSeq) keys.add(`${r.item}/${r.scheme}/${r.signature}`);
  }
  return keys;
}

/** Whether the log holds, after afterSeq, the keygen record of the key `key` made for `request`. */
export function keygenRecorded(logPath: string, request: string, key: string, afterSeq: number): boolean {
  let text: string;
  try {
    text = readFileSync(logPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  return text.split('\n').some((line) => {
    if (!line.includes(key) || !line.includes(request)) return false;
    const r = JSON.parse(line) as { event: string; seq: number; request?: string; key?: string };
    return r.event === 'keygen' && r.request === request && r.key === key && r.seq > afterSeq;
  });
}
