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
   * density (high: K = 3383) and keeps the decoder near 25 MB of wasm memory whatever a frame declares.
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
  /**
   * Largest version code an item may claim: below 2^52, so every value is exact in a JavaScript
   * number and a claimed 2^53 - 1 (which would pin a package's rollback floor where nothing can
   * pass it, and where x + 1 === x) is refused. An APK's long version code is (versionCodeMajor
   * << 32) | versionCode; the online side takes majors below 2^20. An index timestamp in
   * milliseconds stays below it for another hundred thousand years.
   */
  maxVersionCode: 2 ** 52 - 1,
} as const;
