/**
 * The pipeline's engine for apt Release files: it reads the Release file (the spool's copy),
 * makes the request item (the whole file, the names and Date read from it, the key's OpenPGP
 * creation time from the pin, the signatures' creation time now), assembles InRelease from the
 * answer and checks what it wrote. One round; Release.gpg is written beside InRelease when the
 * session installs (install.ts), from the same checked signatures.
 */
import { readFile } from 'node:fs/promises';
import { isReleaseFileError, parseRelease, releaseNames, releaseSuite } from '../../protocol/apt/index.ts';
import type { ReleaseFile } from '../../protocol/apt/index.ts';
import { checkedRelease, releasePieces } from '../../protocol/kinds/index.ts';
import type { AptReleaseItem } from '../../protocol/kinds/index.ts';
import { ARMOR, dearmor, readPackets, SIGNATURE_TYPE } from '../../protocol/openpgp/index.ts';
import { sha256 } from '../../protocol/hash.ts';
import { writeFileDurable } from '../../node/durable.ts';
import type { ArtifactEngine } from '../pipeline/index.ts';
import type { ArtifactFacts } from '../store/index.ts';
import { AptError } from './errors.ts';
import { releaseSignedFiles } from './signed-files.ts';

export const CLEARTEXT_HEADER = '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n';

async function readRelease(file: string): Promise<{ bytes: Uint8Array; release: ReleaseFile }> {
  const bytes = new Uint8Array(await readFile(file));
  try {
    return { bytes, release: parseRelease(bytes) };
  } catch (error) {
    if (isReleaseFileError(error)) throw new AptError('NOT_A_RELEASE', `not a Release file: ${error.code}: ${error.message}`, { cause: error });
    throw error;
  }
}

function factsOf(release: ReleaseFile): ArtifactFacts {
  return { kind: 'apt-release', name: releaseNames(release)[0]!, versionCode: release.date, versionName: releaseSuite(release) };
}

/** The item for a Release file: named "<Origin>/<Suite>" when the Origin is a plain word, else by its Suite (or Codename). */
export function releaseItem(bytes: Uint8Array, release: ReleaseFile, keyCreated: number, created: number): Omit<AptReleaseItem, 'key'> {
  const item: Omit<AptReleaseItem, 'key'> = {
    artifact: 'apt-release',
    name: releaseNames(release)[0]!,
    suite: releaseSuite(release),
    date: release.date,
    sha256: sha256(bytes),
    release: releasePieces(bytes),
    keyCreated,
    created,
    schemes: ['openpgp-text', 'openpgp-binary'],
  };
  checkedRelease(item);
  return item;
}

function asRelease(item: { artifact: string }): Omit<AptReleaseItem, 'key'> {
  if (item.artifact !== 'apt-release') throw new AptError('BAD_OUTPUT', `the apt engine was handed a ${item.artifact} item`);
  return item as Omit<AptReleaseItem, 'key'>;
}

/** What assembly wrote must be a cleartext message with one version 4 text signature. */
export function checkInRelease(text: string): void {
  if (!text.startsWith(CLEARTEXT_HEADER)) throw new AptError('BAD_OUTPUT', 'InRelease does not start with the cleartext header');
  const packets = readPackets(dearmor(text.slice(text.indexOf('\n-----BEGIN PGP SIGNATURE-----') + 1), ARMOR.signature));
  const [only] = packets;
  if (packets.length !== 1 || only?.tag !== 2 || only.body[0] !== 4 || only.body[1] !== SIGNATURE_TYPE.text) throw new AptError('BAD_OUTPUT', 'InRelease does not carry one v4 text signature');
}

export function aptReleaseEngine(now: () => number = () => Math.floor(Date.now() / 1000)): ArtifactEngine {
  return {
    async inspect(file) {
      return factsOf((await readRelease(file)).release);
    },
    async prepare(file, _fileName, cert) {
      const { bytes, release } = await readRelease(file);
      if (cert.openpgpCreated === undefined) throw new AptError('NO_OPENPGP_KEY', `the pinned certificate ${cert.sha256.slice(0, 16)}… has no OpenPGP form recorded: sign with "airsign apt sign --key key.asc"`);
      const item = releaseItem(bytes, release, cert.openpgpCreated, now());
      // One round, of no Android scheme: the item's own schemes say what is signed.
      return { item, state: { sha256: Buffer.from(item.sha256).toString('hex') }, facts: factsOf(release), rounds: [[]] };
    },
    async assemble(_state, item, cert, signatures, out) {
      const files = releaseSignedFiles(asRelease(item), cert.der, signatures);
      await writeFileDurable(out, files.inRelease, { mode: 0o644 });
      return {};
    },
    async verify(file) {
      checkInRelease(await readFile(file, 'utf8'));
    },
  };
}
