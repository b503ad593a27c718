/**
 * Our detached-signature verifier on the 1 in 256 RSA signatures that begin with a zero octet: the
 * OpenPGP MPI drops it (gpg and sq restore it), so the verifier must give node:crypto the value at
 * the modulus's full length. Found by the flow test, where one of seven signatures was refused.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { verifyDetached } from '../../../online/openpgp/index.ts';
import { concatBytes } from '../../../protocol/bytes.ts';
import { sha256 } from '../../../protocol/hash.ts';
import { armoredSignature, binarySignature, signaturePacket, signatureTrailer } from '../../../protocol/openpgp/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'airsign-verify-detached-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('accepts an RSA signature whose first octet is zero, and still refuses another file', async () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const key = { kind: 'rsa' as const, n: new Uint8Array(Buffer.from(jwk.n!, 'base64url')), e: new Uint8Array(Buffer.from(jwk.e!, 'base64url')), created: 1_700_000_000 };
  const unsigned = binarySignature(key, 1_800_000_000);
  const trailer = signatureTrailer(unsigned);
  // Bounded: a zero first octet comes once in 256 files on average; 8192 tries miss it with odds of about e^-32.
  for (let i = 0; i < 8192; i++) {
    const file = new TextEncoder().encode(`file number ${i}\n`);
    const data = concatBytes(file, trailer);
    const signature = new Uint8Array(sign('sha256', data, privateKey));
    if (signature[0] !== 0) continue;
    const asc = new TextEncoder().encode(armoredSignature(signaturePacket(unsigned, sha256(data), signature)));
    writeFileSync(join(dir, 'file'), file);
    await expect(verifyDetached(join(dir, 'file'), asc, key)).resolves.toMatchObject({ hash: 'sha256', created: 1_800_000_000 });
    writeFileSync(join(dir, 'other'), `${i}`);
    await expect(verifyDetached(join(dir, 'other'), asc, key)).rejects.toMatchObject({ code: 'BAD_SIGNATURE' });
    return;
  }
  throw new Error('no signature with a zero first octet in 8192 tries');
});
