/** Turns zod's issues into one SCHEMA ProtocolError whose `fields` name the failing paths. */
import type { z } from 'zod';
import { ProtocolError } from '../errors.ts';

/** Enough to fix a message by; a hostile one can fail thousands of checks, and the list stays bounded. */
const MAX_FIELDS = 32;

export function schemaError(error: z.ZodError, what: string): ProtocolError {
  const fields: string[] = [];
  const notes: string[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const paths = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => (path === '' ? k : `${path}.${k}`)) : [path];
    for (const p of paths) {
      if (fields.length < MAX_FIELDS && !fields.includes(p)) {
        fields.push(p);
        notes.push(`${p === '' ? '(message)' : p}: ${issue.message}`);
      }
    }
  }
  const more = error.issues.length > notes.length ? ` (and ${error.issues.length - notes.length} more)` : '';
  return new ProtocolError('SCHEMA', `${what} does not match its schema: ${notes.slice(0, 3).join('; ')}${more}`, { cause: error, fields });
}
