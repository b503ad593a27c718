/** Reads and validates the policy file, refusing it whole with the failing fields named. */
import { readFileSync } from 'node:fs';
import { SignerError } from '../errors.ts';
import { Policy } from './schema.ts';

export const MAX_POLICY_BYTES = 4 * 1024 * 1024;

export function parsePolicy(text: string, where = 'policy'): Policy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new SignerError('POLICY_INVALID', `${where} is not valid JSON`, { cause });
  }
  const parsed = Policy.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const at = first === undefined ? '' : `${first.path.join('.') || '(top)'}: ${first.message}`;
    throw new SignerError('POLICY_INVALID', `${where} is not a valid policy (${at})`, { cause: parsed.error });
  }
  return parsed.data;
}

export function loadPolicy(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new SignerError('POLICY_INVALID', `cannot read the policy ${path}`, { cause });
  }
  if (text.length > MAX_POLICY_BYTES) throw new SignerError('POLICY_INVALID', `the policy ${path} is larger than ${MAX_POLICY_BYTES} bytes`);
  return parsePolicy(text, path);
}
