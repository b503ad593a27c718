/**
 * A deterministic POSIX ustar writer: entries in the order given, owner root:root (0/0),
 * a fixed modification time, modes 0644/0755. Two runs over the same files give the same bytes.
 */
import { concatBytes } from '../../protocol/bytes.ts';

export interface TarEntry {
  /** Path inside the archive, '/'-separated, no leading '/'. */
  readonly path: string;
  readonly data: Uint8Array;
  readonly executable: boolean;
}

const BLOCK = 512;
const encoder = new TextEncoder();

function writeField(header: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = encoder.encode(text);
  if (bytes.length > length) throw new Error(`tar field too long: ${text}`);
  header.set(bytes, offset);
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** Splits a path into ustar's prefix (155) and name (100) fields. */
function splitPath(path: string): { prefix: string; name: string } {
  if (encoder.encode(path).length <= 100) return { prefix: '', name: path };
  const cut = path.lastIndexOf('/', 155);
  const prefix = path.slice(0, cut);
  const name = path.slice(cut + 1);
  if (cut <= 0 || encoder.encode(name).length > 100 || encoder.encode(prefix).length > 155) throw new Error(`path too long for ustar: ${path}`);
  return { prefix, name };
}

function header(entry: TarEntry, mtime: number): Uint8Array {
  const h = new Uint8Array(BLOCK);
  const { prefix, name } = splitPath(entry.path);
  writeField(h, 0, 100, name);
  writeField(h, 100, 8, octal(entry.executable ? 0o755 : 0o644, 8));
  writeField(h, 108, 8, octal(0, 8));
  writeField(h, 116, 8, octal(0, 8));
  writeField(h, 124, 12, octal(entry.data.length, 12));
  writeField(h, 136, 12, octal(mtime, 12));
  h.fill(0x20, 148, 156); // checksum field counts as spaces while summing
  h[156] = 0x30; // '0': regular file
  writeField(h, 257, 6, 'ustar\0');
  writeField(h, 263, 2, '00');
  writeField(h, 265, 32, 'root');
  writeField(h, 297, 32, 'root');
  writeField(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  writeField(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return h;
}

export function writeTar(entries: readonly TarEntry[], mtime: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const body = new Uint8Array(Math.ceil(entry.data.length / BLOCK) * BLOCK);
    body.set(entry.data);
    parts.push(header(entry, mtime), body);
  }
  parts.push(new Uint8Array(2 * BLOCK)); // end of archive: two zero blocks
  return concatBytes(...parts);
}
