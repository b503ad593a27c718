/**
 * F-Droid's reproducible builds copy a published signature onto the APK they built themselves
 * (`fdroid signatures`, fdroidserver.apksigcopier). Its oracle is fdroidserver's own code: the
 * v1 files of an APK signed by airsign must be deflated at a level it knows (9 or 1) and dated as
 * apksigner dates them (the latest entry of the input), so the copy is the very same file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signArtifact } from '../../../online/apk/index.ts';
import { SoftwareSigner } from '../../support/software-signer.ts';
import { testKey } from '../../support/software-keys.ts';
import { apksignerVerify, scratchDir } from '../../support/tools.ts';
import { makeApk } from '../helpers/apks.ts';

const hasApksigcopier = spawnSync('/usr/bin/python3', ['-c', 'import fdroidserver.apksigcopier'], { stdio: 'ignore' }).status === 0;
if (!hasApksigcopier) console.warn('skipped: fdroidserver (python3 fdroidserver.apksigcopier) is not installed; apt-get install fdroidserver');

/** fdroidserver's own copy: signatures of `signed` onto `unsigned`, written to `out`. */
function apksigcopier(signed: string, unsigned: string, out: string): void {
  execFileSync('/usr/bin/python3', ['-c', 'import sys; from fdroidserver import apksigcopier as a; a.do_copy(sys.argv[1], sys.argv[2], sys.argv[3])', signed, unsigned, out], { stdio: 'pipe' });
}

describe.skipIf(!hasApksigcopier)('apksigcopier takes the signatures airsign made', () => {
  const dir = scratchDir('fdroid-apksigcopier');
  it.each([
    ['v1+v2+v3 (minSdk 21)', 21],
    ['v2+v3 (minSdk 26)', 26],
  ])('copies a %s signature onto the unsigned APK and gets the same bytes', async (_label, minSdk) => {
    const key = testKey('rsa3072');
    const unsigned = join(dir, `app-${minSdk}-unsigned.apk`);
    await makeApk(unsigned, { packageName: `org.example.copy${minSdk}`, versionCode: 3, minSdk, padBytes: 20_000 });
    const signed = join(dir, `app-${minSdk}.apk`);
    await signArtifact(unsigned, signed, { certificateDer: key.certificateDer, signer: new SoftwareSigner([key]) });
    const copied = join(dir, `app-${minSdk}-copied.apk`);
    apksigcopier(signed, unsigned, copied);
    expect(readFileSync(copied).equals(readFileSync(signed))).toBe(true);
    const judged = apksignerVerify(copied);
    expect(judged.ok, judged.output).toBe(true);
  });
});
