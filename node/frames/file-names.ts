/** Numbered frame files (frame-000001.bin, frame-000001.png, ...) and the order they are read back in. */

export function frameFileName(index: number, count: number, extension: string): string {
  return `frame-${String(index + 1).padStart(Math.max(6, String(count).length), '0')}.${extension}`;
}

export function isFrameFileName(name: string, extension: string): boolean {
  return name.startsWith('frame-') && name.endsWith(`.${extension}`);
}

/** Name order, with runs of digits compared as numbers (frame-999999 before frame-1000000). */
export function compareFileNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}
