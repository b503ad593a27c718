/**
 * zxing-wasm's default module settings point at a CDN. We always override them, and every page
 * bundle (online and offline) also loses the address itself, so no path can ever reach it. This
 * is the text transform both sides' esbuild steps apply to the package's share.js.
 */

/** The address zxing-wasm's source names as its default wasm location. */
export const ZXING_CDN = 'https://fastly.jsdelivr.net/npm/';

/** Which zxing-wasm file names the CDN (the esbuild onLoad filter). */
export const ZXING_SHARE_FILE = /zxing-wasm[\\/]dist[\\/]es[\\/]share\.js$/;

/**
 * The source with the CDN address replaced by a path on no server. Fails if the package stops
 * naming it, so a changed package is looked at again.
 */
export function withoutZxingCdn(source: string): string {
  if (!source.includes(ZXING_CDN)) throw new Error(`zxing-wasm no longer names ${ZXING_CDN}; re-check how it locates its wasm`);
  return source.split(ZXING_CDN).join('/zxing-wasm-cdn-disabled/');
}
