/**
 * Checks a signature over a digest we finished ourselves rather than over bytes (an OpenPGP file's
 * hash, resumed from a midstate): node:crypto verifies only over data it hashes itself. RSA
 * PKCS#1 v1.5: the public-key operation must give exactly the SHA-256 DigestInfo of the digest.
 * ECDSA P-256 (FIPS 186-4 section 6.4.2, raw r||s): u1·G + u2·Q, in affine coordinates with
 * BigInt; slow by cryptographic standards (milliseconds) but a signature is checked once.
 */
import { constants, publicDecrypt } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

function rsaVerifies(key: KeyObject, digest: Uint8Array, signature: Uint8Array): boolean {
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  return recovered.equals(Buffer.concat([SHA256_DIGEST_INFO, digest]));
}

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const A = P - 3n;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const G = {
  x: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  y: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};

type Point = { x: bigint; y: bigint } | undefined; // undefined: the point at infinity

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;

function inverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

function add(p: Point, q: Point): Point {
  if (p === undefined) return q;
  if (q === undefined) return p;
  let slope: bigint;
  if (p.x === q.x) {
    if (mod(p.y + q.y, P) === 0n) return undefined;
    slope = mod((3n * p.x * p.x + A) * inverse(2n * p.y, P), P);
  } else {
    slope = mod((q.y - p.y) * inverse(q.x - p.x, P), P);
  }
  const x = mod(slope * slope - p.x - q.x, P);
  return { x, y: mod(slope * (p.x - x) - p.y, P) };
}

function multiply(k: bigint, p: Point): Point {
  let result: Point;
  let addend = p;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}

const toBigInt = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

function ecdsaP256Verifies(key: KeyObject, digest: Uint8Array, signature: Uint8Array): boolean {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'P-256' || jwk.x === undefined || jwk.y === undefined || signature.length !== 64) return false;
  const q = { x: toBigInt(Buffer.from(jwk.x, 'base64url')), y: toBigInt(Buffer.from(jwk.y, 'base64url')) };
  const r = toBigInt(signature.subarray(0, 32));
  const s = toBigInt(signature.subarray(32));
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  const w = inverse(s, N);
  const e = toBigInt(digest);
  const point = add(multiply(mod(e * w, N), G), multiply(mod(r * w, N), q));
  return point !== undefined && mod(point.x, N) === r;
}

/** Whether `signature` (RSA PKCS#1 v1.5, or ECDSA P-256 as raw r||s) is `key`'s over the SHA-256 `digest`. */
export function verifiesPrehashed(key: KeyObject, digest: Uint8Array, signature: Uint8Array): boolean {
  if (digest.length !== 32) return false;
  if (key.asymmetricKeyType === 'rsa') return rsaVerifies(key, digest, signature);
  if (key.asymmetricKeyType === 'ec') return ecdsaP256Verifies(key, digest, signature);
  return false;
}
