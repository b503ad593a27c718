/**
 * ASCII armor (RFC 4880 section 6; RFC 9580 section 6): base64 in lines of 64, then "=" and the
 * CRC-24 of the binary data (section 6.1), between BEGIN and END lines.
 */
export const ARMOR = { publicKey: 'PGP PUBLIC KEY BLOCK', signature: 'PGP SIGNATURE' } as const;
export type ArmorType = (typeof ARMOR)[keyof typeof ARMOR];

const CRC24_INIT = 0xb704ce;
const CRC24_POLY = 0x1864cfb;

export function crc24(data: Uint8Array): number {
  let crc = CRC24_INIT;
  for (const byte of data) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= CRC24_POLY;
    }
  }
  return crc & 0xffffff;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(data: Uint8Array): string {
  let out = '';
  for (let i = 0; i < data.length; i += 3) {
    const a = data[i]!;
    const b = data[i + 1];
    const c = data[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
    out += b === undefined ? '=' : ALPHABET[(n >> 6) & 63]!;
    out += c === undefined ? '=' : ALPHABET[n & 63]!;
  }
  return out;
}

export function armor(type: ArmorType, data: Uint8Array): string {
  const body = base64(data).replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  const crc = crc24(data);
  const sum = base64(Uint8Array.of(crc >> 16, (crc >> 8) & 0xff, crc & 0xff));
  return `-----BEGIN ${type}-----\n\n${body}\n=${sum}\n-----END ${type}-----\n`;
}

/** A detached signature as `.asc` files hold it: the signature packet, armored. */
export function armoredSignature(signaturePacket: Uint8Array): string {
  return armor(ARMOR.signature, signaturePacket);
}
