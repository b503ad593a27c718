/**
 * Hostile manifest proofs, each with the content digest it is sent beside, the claims, and the code
 * the signer must refuse it with. Shared by the protocol test (the checks alone) and the signer test
 * (the same proofs through a real review and signing, state unchanged).
 */
import { deflateRawSync } from 'node:zlib';
import { Sha256State } from '../../protocol/openpgp/sha256-state.ts';
import { joinProof, toPieces } from '../../protocol/apk-proof/index.ts';
import { sectionChunkDigests, topLevelDigest } from '../../protocol/apk-proof/chunk-digests.ts';
import { sha256 } from '../../protocol/hash.ts';
import type { ManifestProof, ProofErrorCode } from '../../protocol/apk-proof/index.ts';
import { androidManifestXml } from './binary-xml-writer.ts';
import { proveZip } from './manifest-proofs.ts';
import { zerosEntry } from './zip-bombs.ts';
import { buildTestApk, buildZip, noise } from './zip-builder.ts';

export interface HostileProof {
  readonly what: string;
  readonly proof: ManifestProof;
  readonly contentDigest: Uint8Array;
  readonly claims: { readonly name: string; readonly versionCode: number; readonly versionName: string };
  readonly code: ProofErrorCode;
}

const CLAIMS = { name: 'org.airsign.sample', versionCode: 7, versionName: '1.2.3' };

function withManifest(manifest: Parameters<typeof buildZip>[0][number]): Buffer {
  return buildZip([manifest, { name: 'classes.dex', data: noise('dex', 5000), method: 8 }]);
}

/**
 * A proof made here from the archive's bytes alone (section 1 under 1 MiB), of the local entry at
 * `at`, with the content digest those bytes give: for archives the online reader refuses to open
 * (a bomb), and for a decoy entry the central directory does not name.
 */
function handProof(zip: Buffer, at: number, length: number): { proof: ManifestProof; contentDigest: Uint8Array } {
  const cdOffset = zip.readUInt32LE(zip.length - 22 + 16);
  const sectionLength = cdOffset + ((4096 - (cdOffset % 4096)) % 4096);
  if (sectionLength > 1024 * 1024) throw new Error('handProof takes archives with one chunk of entries');
  const section = Buffer.alloc(sectionLength);
  zip.copy(section, 0, 0, cdOffset);
  const cd = zip.subarray(cdOffset, zip.length - 22);
  const eocd = Buffer.from(zip.subarray(zip.length - 22));
  eocd.writeUInt32LE(sectionLength, 16);
  const header = Buffer.from([0xa5, 0, 0, 0, 0]);
  header.writeUInt32LE(sectionLength, 1);
  const { state, tail } = Sha256State.fresh().update(header).update(section.subarray(0, at)).midstate();
  const words = Buffer.alloc(32);
  state.words.forEach((w, i) => words.writeUInt32BE(w, i * 4));
  const proof: ManifestProof = {
    chunk: 0, state: new Uint8Array(words), stateBytes: state.bytes, tail: new Uint8Array(tail),
    entry: toPieces(section.subarray(at, at + length)), suffix: toPieces(section.subarray(at + length)), chunkDigests: [],
    centralDirectory: toPieces(cd), eocd: toPieces(eocd),
  };
  const contentDigest = topLevelDigest([sha256(Buffer.concat([header, section])), ...sectionChunkDigests(cd), ...sectionChunkDigests(eocd)]);
  return { proof, contentDigest };
}

/** handProof of the archive's own AndroidManifest.xml (its first entry). */
function handProofOfFirst(zip: Buffer): { proof: ManifestProof; contentDigest: Uint8Array } {
  const length = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28) + zip.readUInt32LE(18);
  return handProof(zip, 0, length);
}

export function hostileProofs(): HostileProof[] {
  const good = proveZip(buildTestApk({ minSdk: 26 }));
  const other = proveZip(buildTestApk({ packageName: 'com.victim.bank', versionCode: 9, minSdk: 26 }));
  const out: HostileProof[] = [];
  const add = (what: string, proof: ManifestProof, contentDigest: Uint8Array, code: ProofErrorCode, claims = CLAIMS) => out.push({ what, proof, contentDigest, claims, code });

  const state = new Uint8Array(good.proof.state);
  state[5]! ^= 0x01;
  add('a chunk state with one bit flipped', { ...good.proof, state }, good.contentDigest, 'PROOF_DIGEST_MISMATCH');
  add("another APK's proof beside this one's digest", other.proof, good.contentDigest, 'PROOF_DIGEST_MISMATCH', { ...CLAIMS, name: 'com.victim.bank', versionCode: 9 });
  add("another APK's manifest entry in this one's proof", { ...good.proof, entry: other.proof.entry }, good.contentDigest, 'PROOF_MALFORMED');
  const suffix = joinProof(good.proof).suffix;
  add('the rest of the chunk one byte short', { ...good.proof, suffix: toPieces(suffix.subarray(0, suffix.length - 1)) }, good.contentDigest, 'PROOF_MALFORMED');
  add('one chunk digest too many', { ...good.proof, chunkDigests: toPieces(new Uint8Array(32)) }, good.contentDigest, 'PROOF_MALFORMED');
  add('a SHA-512 content digest', good.proof, new Uint8Array(64), 'PROOF_UNSUPPORTED');

  const manifest = androidManifestXml({ packageName: CLAIMS.name, versionCode: 7, versionName: '1.2.3', minSdk: 26, targetSdk: 34 });
  const deflated = deflateRawSync(manifest);
  const truncated = proveZip(withManifest({ name: 'AndroidManifest.xml', data: manifest, method: 8, deflated: { bytes: deflated.subarray(0, deflated.length - 8), size: manifest.length, crc32: 0 } }));
  add('a truncated deflate stream', truncated.proof, truncated.contentDigest, 'PROOF_BAD_DEFLATE');
  const crc = proveZip(withManifest({ name: 'AndroidManifest.xml', data: manifest, method: 8, deflated: { bytes: deflated, size: manifest.length, crc32: 0x12345678 } }));
  add('a CRC-32 that does not match', crc.proof, crc.contentDigest, 'PROOF_BAD_DEFLATE');
  const bomb = handProofOfFirst(withManifest(zerosEntry('AndroidManifest.xml', 8)));
  add('a manifest of 8 MiB of zeros (a bomb)', bomb.proof, bomb.contentDigest, 'PROOF_TOO_LARGE');
  const ratio = handProofOfFirst(withManifest(zerosEntry('AndroidManifest.xml', 3)));
  add('3 MiB from 3 KiB (ratio about 1000)', ratio.proof, ratio.contentDigest, 'PROOF_TOO_LARGE');
  const garbage = proveZip(withManifest({ name: 'AndroidManifest.xml', data: noise('garbage', 3000), method: 0 }));
  add('binary XML garbage', garbage.proof, garbage.contentDigest, 'PROOF_BAD_MANIFEST');
  const cut = proveZip(withManifest({ name: 'AndroidManifest.xml', data: manifest.subarray(0, manifest.length - 40), method: 8 }));
  add('binary XML cut short', cut.proof, cut.contentDigest, 'PROOF_BAD_MANIFEST');

  add('claims another package', good.proof, good.contentDigest, 'PROOF_CLAIMS_DISAGREE', { ...CLAIMS, name: 'org.airsign.other' });
  add('claims a higher versionCode', good.proof, good.contentDigest, 'PROOF_CLAIMS_DISAGREE', { ...CLAIMS, versionCode: 8 });
  add('claims another versionName', good.proof, good.contentDigest, 'PROOF_CLAIMS_DISAGREE', { ...CLAIMS, versionName: '1.2.4' });

  // Two central directory records named AndroidManifest.xml: readers differ on which one counts.
  const twice = buildZip([{ name: 'AndroidManifest.xml', data: manifest, method: 8 }, { name: 'AndroidManifest.xml', data: manifest, method: 8 }]);
  const doubled = handProofOfFirst(twice);
  add('a central directory naming AndroidManifest.xml twice', doubled.proof, doubled.contentDigest, 'PROOF_NOT_THE_MANIFEST');

  // A decoy: a whole AndroidManifest.xml local entry (another package) stored inside an asset.
  const decoyEntry = buildZip([{ name: 'AndroidManifest.xml', data: androidManifestXml({ packageName: 'org.airsign.sample', versionCode: 900, versionName: '9', minSdk: 26 }), method: 0 }], { align: false });
  const decoyLength = decoyEntry.readUInt32LE(decoyEntry.length - 22 + 16);
  const carrier = buildTestApk({ packageName: 'com.victim.bank', versionCode: 3, minSdk: 26, extra: [{ name: 'assets/decoy.bin', data: decoyEntry.subarray(0, decoyLength), method: 0 }] });
  const decoy = handProof(carrier, carrier.indexOf(decoyEntry.subarray(0, 40)), decoyLength);
  // The proof's bytes are the archive's own, so they give its true digest; only the directory tells the entry is a decoy.
  add('a decoy manifest entry inside an asset', decoy.proof, decoy.contentDigest, 'PROOF_NOT_THE_MANIFEST', { ...CLAIMS, versionCode: 900, versionName: '9' });
  return out;
}
