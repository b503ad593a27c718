/**
 * Hard bounds on everything that crosses the link. The offline side checks declared sizes
 * against these before it allocates anything.
 */
export const LIMITS = {
  /** Largest message, canonical bytes before compression. */
  maxMessageBytes: 4 * 1024 * 1024,
  /** Largest transfer (compressed container) a frame may declare. */
  maxTransferBytes: 4 * 1024 * 1024,
  /**
   * Source symbols K (transfer length / symbol size) a frame may declare. The fountain decoder's
   * memory grows with K as well as with the transfer length: a frame declaring 4 MiB in 80-byte
   * symbols (K = 52429) grew a signer to ~180 MB. 8192 covers the largest transfer at the default
   * density (K = 6637) and keeps the decoder near 25 MB of wasm memory whatever a frame declares.
   */
  maxSourceSymbols: 8192,
  /** Items in one signing request. */
  maxItems: 1000,
  /** Distinct keys one request may name. */
  maxKeys: 64,
  /** Nesting depth of an encoded message. */
  maxDepth: 8,
  /** Longest text field. */
  maxText: 1024,
  /** Largest certificate, DER. */
  maxCertificateBytes: 8192,
  /** Largest signature (RSA 8192 is 1024 bytes; ECDSA DER is far smaller). */
  maxSignatureBytes: 1024,
} as const;
