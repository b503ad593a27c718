/**
 * Keeping stored entries aligned when they move, as zipalign and apksigner do: uncompressed data
 * must start on a 4-byte boundary (4096 for native libraries, so they can be mapped in place). The
 * local header's extra field takes the padding, as an alignment record (id 0xd935: uint16 alignment
 * then zeros), replacing any earlier padding.
 */
const ALIGNMENT_EXTRA_ID = 0xd935;

/** The alignment a stored entry's data wants; 1 for compressed entries. */
export function dataAlignment(method: number, name: string, localExtra: Buffer): number {
  if (method !== 0) return 1;
  for (let at = 0; at + 4 <= localExtra.length; ) {
    const id = localExtra.readUInt16LE(at);
    const size = localExtra.readUInt16LE(at + 2);
    if (at + 4 + size > localExtra.length) break;
    if (id === ALIGNMENT_EXTRA_ID && size >= 2) return Math.max(1, localExtra.readUInt16LE(at + 4));
    at += 4 + size;
  }
  return name.endsWith('.so') ? 4096 : 4;
}

/** The extra field without earlier alignment records or zero padding, plus a record aligning data at `headerOffset`. */
export function alignedExtra(localExtra: Buffer, headerOffset: number, nameLength: number, alignment: number): Buffer {
  const kept: Buffer[] = [];
  let at = 0;
  while (at + 4 <= localExtra.length) {
    const id = localExtra.readUInt16LE(at);
    const size = localExtra.readUInt16LE(at + 2);
    if (at + 4 + size > localExtra.length) break;
    if (id !== ALIGNMENT_EXTRA_ID && !(id === 0 && size === 0)) kept.push(localExtra.subarray(at, at + 4 + size));
    at += 4 + size;
  }
  // Anything after the last well-formed record (zipalign's bare zero padding) is dropped.
  const base = Buffer.concat(kept);
  const dataStartWithoutPadding = headerOffset + 30 + nameLength + base.length + 6;
  const padding = (alignment - (dataStartWithoutPadding % alignment)) % alignment;
  const record = Buffer.alloc(6 + padding);
  record.writeUInt16LE(ALIGNMENT_EXTRA_ID, 0);
  record.writeUInt16LE(2 + padding, 2);
  record.writeUInt16LE(alignment, 4);
  return Buffer.concat([base, record]);
}
