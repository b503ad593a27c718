/**
 * One line of OpenSSH's allowed_signers file (ssh-keygen(1), ALLOWED SIGNERS): principals,
 * options, key type, base64 key, comment. The options read are namespaces="...", valid-after,
 * valid-before and no-touch-required; cert-authority (certificates) is refused, as is any other.
 */
import { ProtocolError } from '../errors.ts';
import { fromBase64 } from './dsse.ts';
import { parseSshPublicKey, SSH_KEY_TYPES } from './ssh-key.ts';
import type { SshPublicKey } from './ssh-key.ts';

export interface AllowedSigner {
  readonly principals: readonly string[];
  readonly key: SshPublicKey;
  /** Namespaces the key may sign in; undefined: any. */
  readonly namespaces?: readonly string[];
  /** Unix seconds; the key is good from and until these. */
  readonly validAfter?: number;
  readonly validBefore?: number;
  readonly noTouchRequired: boolean;
  /** The line as given, to name the approver in the review and the audit log. */
  readonly line: string;
}

/** Splits on blanks outside double quotes. */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === ' ' || ch === '\t')) {
      if (cur !== '') out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quoted) throw new ProtocolError('SCHEMA', 'an allowed_signers line has an unclosed quote');
  if (cur !== '') out.push(cur);
  return out;
}

/** YYYYMMDD[HHMM[SS]][Z], as OpenSSH reads it (UTC here, whether or not Z is written). */
function sshTime(value: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?Z?$/.exec(value);
  if (m === null) throw new ProtocolError('SCHEMA', `an allowed_signers time "${value.slice(0, 20)}" is not YYYYMMDD[HHMM[SS]][Z]`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)) / 1000;
}

function unquote(v: string): string {
  return v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v;
}

export function parseAllowedSigner(line: string): AllowedSigner {
  const f = fields(line.trim());
  if (f.length < 3) throw new ProtocolError('SCHEMA', 'an allowed_signers line is "principals [options] keytype base64-key [comment]"');
  const principals = unquote(f[0]!).split(',').filter((p) => p !== '');
  let at = 1;
  const options: string[] = [];
  if (!(SSH_KEY_TYPES as readonly string[]).includes(f[1]!)) {
    options.push(...splitOptions(f[1]!));
    at = 2;
  }
  const type = f[at];
  const b64 = f[at + 1];
  if (type === undefined || b64 === undefined || !(SSH_KEY_TYPES as readonly string[]).includes(type)) throw new ProtocolError('UNSUPPORTED', `an allowed_signers key type must be one of ${SSH_KEY_TYPES.join(', ')}`);
  const key = parseSshPublicKey(fromBase64(b64));
  if (key.type !== type) throw new ProtocolError('SCHEMA', `the key says it is ${key.type}, the line ${type}`);
  let namespaces: string[] | undefined;
  let validAfter: number | undefined;
  let validBefore: number | undefined;
  let noTouchRequired = false;
  for (const opt of options) {
    const eq = opt.indexOf('=');
    const name = (eq < 0 ? opt : opt.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : unquote(opt.slice(eq + 1));
    if (name === 'namespaces') namespaces = value.split(',');
    else if (name === 'valid-after') validAfter = sshTime(value);
    else if (name === 'valid-before') validBefore = sshTime(value);
    else if (name === 'no-touch-required') noTouchRequired = true;
    else throw new ProtocolError('UNSUPPORTED', `allowed_signers option "${name.slice(0, 30)}" is not supported (certificates are not: pin each approver's key)`);
  }
  return { principals, key, ...(namespaces === undefined ? {} : { namespaces }), ...(validAfter === undefined ? {} : { validAfter }), ...(validBefore === undefined ? {} : { validBefore }), noTouchRequired, line: line.trim() };
}

function splitOptions(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.filter((o) => o !== '');
}
