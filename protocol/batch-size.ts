/**
 * How many items one signing request carries by default. The signer's default policy accepts this
 * many (`maxItemsPerRequest`), and the online side batches no more unless told to, so a request is
 * never refused whole for its size when both sides keep their defaults. It is the protocol's cap
 * (LIMITS.maxItems): 1000 APKs cross in one request and one response, one scan each way.
 */
export const DEFAULT_ITEMS_PER_REQUEST = 1000;
