/**
 * DSSE (Dead Simple Signing Envelope, github.com/secure-systems-lab/dsse, protocol v1): what a
 * signature covers is PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, with
 * LEN the byte length in ASCII decimal. The envelope's JSON form is read here too, as other tools
 * (securesystemslib, in-toto, sigstore) write it.
 */
import { z } from 'zod';
import { concatBytes, utf8 } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** The bytes a DSSE signature covers. */
export function pae(payloadType: string, payload: Uint8Array): Uint8Array {
  const type = utf8(payloadType);
  return concatBytes(utf8(`DSSEv1 ${type.length} `), type, utf8(` ${payload.length} `), payload);
}

/** The most an envelope's payload may hold (a statement of one artifact is well under 2 KiB). */
export const MAX_PAYLOAD_BYTES = 16 * 1024;
/** Signatures in one envelope. */
export const MAX_ENVELOPE_SIGNATURES = 16;

const base64 = z.string().max(4 * MAX_PAYLOAD_BYTES).regex(/^[A-Za-z0-9+/_-]*={0,2}$/, { message: 'not base64' });

const EnvelopeJson = z.object({
  payloadType: z.string().min(1).max(200),
  payload: base64,
  signatures: z.array(z.object({ keyid: z.string().max(200).optional(), sig: base64 })).min(1).max(MAX_ENVELOPE_SIGNATURES),
});

export interface DsseSignature {
  readonly keyid?: string;
  readonly sig: Uint8Array;
}

export interface DsseEnvelope {
  readonly payloadType: string;
  readonly payload: Uint8Array;
  readonly signatures: readonly DsseSignature[];
}

/** Standard base64 or base64url, as DSSE allows either. */
export function fromBase64(text: string): Uint8Array {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = standard + '='.repeat((4 - (standard.length % 4)) % 4);
  const binary = atob(padded);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** Reads an envelope in its JSON form (one JSON object; a JSON-lines file holds several). */
export function parseEnvelopeJson(text: string): DsseEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ProtocolError('SCHEMA', 'a DSSE envelope is a JSON object', { cause });
  }
  const parsed = EnvelopeJson.safeParse(json);
  if (!parsed.success) throw new ProtocolError('SCHEMA', `not a DSSE envelope: ${parsed.error.issues[0]?.message ?? ''}`, { fields: parsed.error.issues[0]?.path.map(String) ?? [] });
  const payload = fromBase64(parsed.data.payload);
  if (payload.length > MAX_PAYLOAD_BYTES) throw new ProtocolError('TOO_LARGE', `a DSSE payload of ${payload.length} bytes; at most ${MAX_PAYLOAD_BYTES}`);
  return {
    payloadType: parsed.data.payloadType,
    payload,
    signatures: parsed.data.signatures.map((s) => ({ ...(s.keyid === undefined || s.keyid === '' ? {} : { keyid: s.keyid }), sig: fromBase64(s.sig) })),
  };
}

export function envelopeJson(envelope: DsseEnvelope): string {
  return JSON.stringify({
    payloadType: envelope.payloadType,
    payload: toBase64(envelope.payload),
    signatures: envelope.signatures.map((s) => ({ keyid: s.keyid ?? '', sig: toBase64(s.sig) })),
  });
}
