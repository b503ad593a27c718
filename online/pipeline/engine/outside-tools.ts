/**
 * Verification by tools no one here wrote: Google's apksig for APKs and for index JARs (v1 at API
 * levels 23-24, as F-Droid checks them), through one long-lived helper JVM for the whole batch
 * (online/apk/verify/apksig). When the helper cannot run, each file goes to `apksigner verify`,
 * and JARs also to the JDK's jarsigner. A tool that is not installed is skipped; one that is
 * installed must accept the file and name the pinned signer.
 */
import { execFile } from 'node:child_process';
import { googleVerify } from '../../apk/verify/apksig/index.ts';
import type { SdkRange } from '../../apk/verify/apksig/index.ts';
import { unknownKind } from '../../../protocol/kinds/index.ts';
import type { ArtifactFacts, PinnedCertificate } from '../../store/index.ts';
import { VerificationError } from './errors.ts';

/** A JAR has no manifest to take the SDK range from: name it, as F-Droid's checks of index JARs do. */
const INDEX_JAR_RANGE: SdkRange = { minSdk: 23, maxSdk: 24 };

function jarsigner(file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('jarsigner', ['-verify', file], { maxBuffer: 4 * 1024 * 1024, timeout: 5 * 60_000 }, (error, stdout, stderr) => {
      if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') resolve();
      else if (error !== null || !stdout.includes('jar verified.')) {
        reject(new VerificationError('OUTSIDE_TOOL_REFUSED', `jarsigner -verify refused it: ${`${stdout}${stderr}`.trim().split('\n').slice(0, 3).join(' / ')}`));
      } else resolve();
    });
  });
}

async function apksig(file: string, pin: PinnedCertificate, range: SdkRange): Promise<'apksig' | 'apksigner' | undefined> {
  const verdict = await googleVerify(file, range);
  if (verdict === undefined) return undefined;
  const name = verdict.tool === 'apksig' ? 'apksig' : 'apksigner verify';
  if (!verdict.verified) throw new VerificationError('OUTSIDE_TOOL_REFUSED', `${name} refused it: ${verdict.errors.slice(0, 3).join(' / ')}`);
  if (!verdict.signers.includes(pin.sha256)) throw new VerificationError('OUTSIDE_TOOL_REFUSED', `${name} does not report the pinned certificate as the signer`);
  return verdict.tool;
}

export async function verifyWithOutsideTools(file: string, facts: ArtifactFacts, pin: PinnedCertificate): Promise<void> {
  switch (facts.kind) {
    case 'jar': {
      const tool = await apksig(file, pin, INDEX_JAR_RANGE);
      // apksig's v1 check is jarsigner's (every entry digested in the manifest, the .SF over it, the
      // signature over the .SF); without the helper, jarsigner is asked as before.
      if (tool !== 'apksig') await jarsigner(file);
      return;
    }
    case 'apk':
      await apksig(file, pin, {});
      return;
    case 'openpgp':
      throw new VerificationError('OUR_VERIFIER_REFUSED', 'an OpenPGP signature is verified by the OpenPGP engine, not the Android tools');
    case 'apt-release':
      // Not an Android file: no Android tool applies. The apt engine (online/apt) checks its own
      // output, after the signatures were checked against the pinned key; apt and gpgv judge it in the tests.
      return;
    default:
      unknownKind(facts.kind);
  }
}
