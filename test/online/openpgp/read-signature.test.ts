/**
 * Reading a detached signature file (what `airsign verify --key` is given, from anywhere): a good
 * armored and binary one read the same; a wrong CRC-24, a truncated packet, a length past the end,
 * two packets, a key packet, and text that is no armor are each BAD_SIGNATURE_FILE.
 */
import { describe, expect, it } from 'vitest';
import { readDetachedSignature } from '../../../online/openpgp/index.ts';
import { armoredSignature, binarySignature, signaturePacket } from '../../../protocol/openpgp/index.ts';

const key = { kind: 'ec' as const, point: Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : i)), created: 1_700_000_000 };
const packet = signaturePacket(binarySignature(key, 1_800_000_000), new Uint8Array(32).fill(7), Uint8Array.from({ length: 64 }, (_, i) => i + 1));
const armored = new TextEncoder().encode(armoredSignature(packet));

describe('readDetachedSignature', () => {
  it('reads the armored and the binary form alike', () => {
    const a = readDetachedSignature(armored);
    const b = readDetachedSignature(packet);
    expect(a.type).toBe(0);
    expect(a.publicKeyAlgorithm).toBe(19);
    expect(a.values).toHaveLength(2);
    expect(Buffer.from(a.hashedPart).equals(Buffer.from(b.hashedPart))).toBe(true);
  });

  const text = new TextDecoder().decode(armored);
  const badCrc = text.replace(/\n=(....)\n/, (_m, sum: string) => `\n=${sum[0] === 'A' ? 'B' : 'A'}${sum.slice(1)}\n`);
  it.each([
    ['a wrong CRC-24', new TextEncoder().encode(badCrc)],
    ['a truncated packet', packet.subarray(0, packet.length - 5)],
    ['a length past the end', Uint8Array.of(0xc2, 0xff, 0x7f, 0xff, 0xff, 0xff, 1, 2)],
    ['two packets', Uint8Array.from([...packet, ...packet])],
    ['a public key packet', Uint8Array.of(0xc6, 1, 4)],
    ['text that is no armor', new TextEncoder().encode('-----BEGIN PGP SIGNATURE-----\n\n!!!!\n-----END PGP SIGNATURE-----\n')],
    ['an empty file', new Uint8Array(0)],
  ])('refuses %s as BAD_SIGNATURE_FILE', (_what, bytes) => {
    expect(() => readDetachedSignature(bytes)).toThrow(expect.objectContaining({ code: 'BAD_SIGNATURE_FILE' }));
  });
});
