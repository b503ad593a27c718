/**
 * Records are JSON on disk. Bytes (Uint8Array) are written as {"$hex": "..."} so that request
 * items and responses keep their exact bytes through a round trip to disk.
 */
import { fromHex, toHex } from '../../protocol/bytes.ts';

export function toJson(value: unknown): string {
  // `this[key]` is the value before toJSON, so a Buffer is caught too (its toJSON would spell it out).
  return JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      const original = this[key];
      return original instanceof Uint8Array ? { $hex: toHex(original) } : v;
    },
    2,
  );
}

export function fromJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      const hex = (v as { $hex?: unknown }).$hex;
      if (keys.length === 1 && typeof hex === 'string') return fromHex(hex, '$hex');
    }
    return v;
  });
}
