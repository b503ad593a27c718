/** UTF-8 for text strings. A lone surrogate has no UTF-8 form, so the encoder refuses it rather than substitute U+FFFD. */
const encoder = new TextEncoder();

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormedText(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

export function encodeUtf8(s: string): Uint8Array {
  return encoder.encode(s);
}
