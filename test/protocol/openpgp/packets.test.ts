/** Packet lengths and MPIs against the examples of RFC 4880 sections 3.2 and 4.2.3. */
import { describe, expect, it } from 'vitest';
import { mpi, packet } from '../../../protocol/openpgp/packets.ts';
import { subpacket } from '../../../protocol/openpgp/subpackets.ts';
import { toHex } from '../../../protocol/bytes.ts';

describe('OpenPGP framing', () => {
  it('writes the RFC 4880 4.2.3 length examples (100, 1723, 100000 octets)', () => {
    expect(toHex(packet(2, new Uint8Array(100)).subarray(0, 2))).toBe('c264');
    expect(toHex(packet(2, new Uint8Array(1723)).subarray(0, 3))).toBe('c2c5fb');
    expect(toHex(packet(2, new Uint8Array(100000)).subarray(0, 6))).toBe('c2ff000186a0');
    expect(toHex(packet(2, new Uint8Array(191)).subarray(0, 2))).toBe('c2bf');
    expect(toHex(packet(2, new Uint8Array(192)).subarray(0, 3))).toBe('c2c000');
    expect(toHex(packet(2, new Uint8Array(8383)).subarray(0, 3))).toBe('c2dfff');
    expect(toHex(packet(2, new Uint8Array(8384)).subarray(0, 6))).toBe('c2ff000020c0');
  });

  it('writes the RFC 4880 3.2 MPI examples and drops leading zeros (as an ECDSA r or s may have)', () => {
    expect(toHex(mpi(Uint8Array.of(1)))).toBe('000101');
    expect(toHex(mpi(Uint8Array.of(1, 0xff)))).toBe('000901ff');
    expect(toHex(mpi(Uint8Array.of(0, 0, 1, 0xff)))).toBe('000901ff');
    expect(toHex(mpi(Uint8Array.of(0)))).toBe('0000');
  });

  it('counts the type octet in a subpacket length', () => {
    expect(toHex(subpacket(2, Uint8Array.of(1, 2, 3, 4)))).toBe('050201020304');
    expect(toHex(subpacket(20, new Uint8Array(191)).subarray(0, 3))).toBe('c00014');
  });
});
