/**
 * A transferable public key (RFC 4880 section 11.1): the public-key packet, one user ID packet
 * (section 5.11) and its self-signature. The self-signature hashes the key (0x99 form), the user ID
 * as 0xB4, its four-octet length and its UTF-8 bytes (section 5.2.4), then the trailer.
 */
import { concatBytes, utf8 } from '../bytes.ts';
import { ProtocolError } from '../errors.ts';
import { PACKET_TAG, packet, u32 } from './packets.ts';
import { keyHashPrefix, publicKeyPacket } from './public-key.ts';
import type { OpenPgpPublicKey } from './public-key.ts';
import { selfSignature, signatureTrailer } from './signature.ts';
import type { UnsignedSignature } from './signature.ts';

export interface SelfSignatureInput {
  readonly signature: UnsignedSignature;
  /** The exact bytes whose SHA-256 the token signs. */
  readonly data: Uint8Array;
}

function userIdBytes(userId: string): Uint8Array {
  if (userId.length === 0 || userId.length > 1024 || [...userId].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new ProtocolError('BAD_ARGUMENT', 'a user ID is 1 to 1024 printable characters, e.g. "Name <mail@example.org>"', { fields: ['userId'] });
  }
  return utf8(userId);
}

export function selfSignatureInput(key: OpenPgpPublicKey, userId: string, created: number): SelfSignatureInput {
  const id = userIdBytes(userId);
  const signature = selfSignature(key, created);
  return { signature, data: concatBytes(keyHashPrefix(key), Uint8Array.of(0xb4), u32(id.length), id, signatureTrailer(signature)) };
}

/** The certificate's packets, given the finished self-signature packet. */
export function certificatePackets(key: OpenPgpPublicKey, userId: string, selfSignaturePacket: Uint8Array): Uint8Array {
  return concatBytes(publicKeyPacket(key), packet(PACKET_TAG.userId, userIdBytes(userId)), selfSignaturePacket);
}
