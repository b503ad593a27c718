/**
 * Verifies a signed APK or JAR the way apksigner does: every scheme present must verify; v1 is
 * required for APKs that install below API level 24 and for JARs; no scheme a signature names may
 * be missing; all schemes must be signed by the same certificate (and by the expected one, if
 * given). Returns a report; never throws for a bad file.
 */
import type { AndroidKind } from '../android-kind.ts';
import type { AndroidScheme as Scheme } from '../../../protocol/kinds/index.ts';
import { archiveKind, readArtifactInfo } from '../artifact-info.ts';
import type { ArtifactInfo } from '../artifact-info.ts';
import { ApkError } from '../errors.ts';
import { V2_MIN_SDK } from '../schemes.ts';
import { openArchive } from '../zip/zip-archive.ts';
import type { ZipArchive } from '../zip/zip-archive.ts';
import { ProblemList } from './report.ts';
import type { SchemeResult, VerifyReport } from './report.ts';
import { certificateDigestHex, verifySigningBlock } from './verify-signing-block.ts';
import { verifyV1 } from './verify-v1.ts';

export interface VerifyOptions {
  /** The certificate every signer must be (DER). */
  readonly certificateDer?: Uint8Array;
  /** Check for this lowest API level instead of the APK's minSdkVersion (JARs: 23, as F-Droid checks index JARs). */
  readonly minSdkVersion?: number;
  readonly artifact?: AndroidKind;
}

export const JAR_DEFAULT_MIN_SDK = 23;
/** Android 11 installs apps targeting it only with a v2 or later signature; apksigner checks the same. */
const TARGET_SDK_NEEDS_V2 = 30;

const NONE: SchemeResult = { present: false, verified: false, signers: [] };

function schemeResult(r: { present: boolean; verified: boolean; certificates: readonly Uint8Array[] }): SchemeResult {
  return { present: r.present, verified: r.verified, signers: [...new Set(r.certificates.map(certificateDigestHex))] };
}

function readInfo(archive: ZipArchive, path: string, options: VerifyOptions): ArtifactInfo | undefined {
  try {
    return readArtifactInfo(archive, path, options.artifact === undefined ? {} : { artifact: options.artifact });
  } catch (e) {
    // A JAR that is not an F-Droid index can still be verified; an APK must have a readable manifest.
    if (e instanceof ApkError && (e.code === 'NOT_AN_INDEX_JAR' || e.code === 'BAD_INDEX') && archive.entry('AndroidManifest.xml') === undefined) return undefined;
    throw e;
  }
}

export async function verifyArtifact(path: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  const problems = new ProblemList();
  const report = (fields: Partial<VerifyReport>): VerifyReport => ({
    ok: false, path, artifact: undefined, info: undefined, minSdkVersion: options.minSdkVersion ?? 0, schemes: { v1: NONE, v2: NONE, v3: NONE }, signers: [], signerCertificates: [], ...fields, problems: problems.items,
  });
  let archive: ZipArchive;
  try {
    archive = openArchive(path);
  } catch (e) {
    if (!(e instanceof ApkError)) throw e;
    problems.items.push({ code: 'MALFORMED', message: e.message, cause: e.code });
    return report({});
  }
  try {
    const info = readInfo(archive, path, options);
    const artifact = options.artifact ?? info?.artifact ?? archiveKind(archive);
    const minSdk = options.minSdkVersion ?? info?.minSdkVersion ?? JAR_DEFAULT_MIN_SDK;
    if (archive.zip64 && archive.signingBlock !== undefined) throw new ApkError('ZIP64_UNSUPPORTED', 'ZIP64 APKs with a signing block are not verified');
    const block = verifySigningBlock(archive, minSdk, problems);
    const v1 = await verifyV1(archive, minSdk, problems);
    const schemes = { v1: schemeResult(v1), v2: schemeResult(block.v2), v3: schemeResult(block.v3) };
    const present = (['v1', 'v2', 'v3'] as const).filter((s) => schemes[s].present);
    for (const id of v1.apkSignedSchemes) {
      const named = `v${id}` as Scheme;
      if ((named === 'v2' || named === 'v3') && !schemes[named].present) problems.add('STRIPPED', `the v1 signature says a ${named} signature was made, and there is none`, named);
    }
    if (present.length === 0) problems.add('NOT_SIGNED', 'no v1, v2 or v3 signature');
    else if (!v1.present && (artifact === 'jar' || minSdk < V2_MIN_SDK)) problems.add('SCHEME_REQUIRED', `v1 is needed for API levels below ${V2_MIN_SDK} (checking from ${minSdk})`, 'v1');
    else if (artifact === 'apk' && (info?.targetSdkVersion ?? 0) >= TARGET_SDK_NEEDS_V2 && !schemes.v2.present && !schemes.v3.present) {
      problems.add('SCHEME_REQUIRED', `targetSdkVersion ${info?.targetSdkVersion} needs a v2 or later signature`, 'v2');
    }
    const signerSets = present.map((s) => [...schemes[s].signers].sort().join(','));
    if (new Set(signerSets).size > 1) problems.add('SIGNER_MISMATCH', `schemes are signed by different certificates (${present.join(', ')})`);
    const signers = [...new Set(present.flatMap((s) => schemes[s].signers))];
    if (options.certificateDer !== undefined) {
      const expected = certificateDigestHex(options.certificateDer);
      if (signers.some((s) => s !== expected)) problems.add('UNEXPECTED_SIGNER', `signed by ${signers.join(', ')}, expected ${expected}`);
    }
    const allVerified = present.every((s) => schemes[s].verified);
    const byDigest = new Map([...block.v3.certificates, ...block.v2.certificates, ...v1.certificates].map((c) => [certificateDigestHex(c), c] as const));
    const signerCertificates = signers.flatMap((s) => byDigest.get(s) ?? []);
    return report({ ok: problems.empty && present.length > 0 && allVerified, artifact, info, minSdkVersion: minSdk, schemes, signers, signerCertificates });
  } catch (e) {
    if (!(e instanceof ApkError)) throw e;
    problems.items.push({ code: 'MALFORMED', message: e.message, cause: e.code });
    return report({});
  } finally {
    archive.file.close();
  }
}

