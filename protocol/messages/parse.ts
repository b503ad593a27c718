/**
 * Turns an untrusted value (a decoded map, or an object about to be encoded) into a Message,
 * in an order that gives the most useful error: a message from a newer protocol is refused as
 * UNKNOWN_VERSION, and one of a kind we do not know as UNKNOWN_KIND, before the schema runs.
 */
import { ProtocolError } from '../errors.ts';
import { PROTOCOL_VERSION } from '../version.ts';
import { Message } from './message.ts';
import { schemaError } from './schema-error.ts';

const KINDS: readonly string[] = Message.options.map((o) => o.shape.kind.value);

export function parseMessage(value: unknown): Message {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array) {
    throw new ProtocolError('BAD_TYPE', 'a message is a map');
  }
  const { v, kind } = value as { v?: unknown; kind?: unknown };
  if (typeof v !== 'number') throw new ProtocolError('SCHEMA', 'a message needs a numeric protocol version "v"', { fields: ['v'] });
  if (v !== PROTOCOL_VERSION) {
    throw new ProtocolError('UNKNOWN_VERSION', `protocol version ${v} is not supported (this side speaks ${PROTOCOL_VERSION})`, { fields: ['v'] });
  }
  if (typeof kind !== 'string') throw new ProtocolError('SCHEMA', 'a message needs a "kind"', { fields: ['kind'] });
  if (!KINDS.includes(kind)) {
    throw new ProtocolError('UNKNOWN_KIND', `message kind ${JSON.stringify(kind.slice(0, 40))} is not known (known: ${KINDS.join(', ')})`, { fields: ['kind'] });
  }
  const result = Message.safeParse(value);
  if (!result.success) throw schemaError(result.error, `${kind} message`);
  return result.data;
}
