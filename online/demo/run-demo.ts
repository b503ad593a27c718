/**
 * The main job, end to end, driving both programs as an operator would: a fresh SoftHSM2 token
 * and key ceremony on the offline side, its certificate carried to the online side and pinned, a
 * real APK and an F-Droid index prepared, the request and the response carried as QR videos
 * through the camera simulator, signed, assembled, and checked by apksigner and jarsigner.
 */
import type { ArtifactKind } from '../../protocol/kinds/index.ts';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { inspectArtifact } from '../apk/index.ts';
import { DemoError } from './errors.ts';
import { writeRepoIndex } from './index-jar.ts';
import { recordScreen } from './optical-hop.ts';
import type { Hop } from './optical-hop.ts';
import { verifyApk, verifyJar } from './oracles.ts';
import type { OracleVerdict } from './oracles.ts';
import { ProcessRunner } from './processes.ts';
import { findSignerIsolation, Programs } from './programs.ts';
import { sampleApkPath } from './sample-apk.ts';
import { prepareToken } from './softhsm-token.ts';
import { openWorkDir, removeVideos } from './work-dir.ts';
import type { DemoLayout } from './work-dir.ts';
import { readSessionStatus, requestPathsIn } from './session-status.ts';

export interface DemoOptions {
  readonly dir?: string;
  /** Keep the QR videos too (they are most of the bytes). */
  readonly keep: boolean;
  /** An APK of one's own instead of the sample. */
  readonly apk?: string;
  readonly keyType: string;
  readonly density: string;
  readonly fps: number;
  readonly severity: string;
  readonly seed: number;
}

export interface SignedFile {
  readonly fileName: string;
  readonly artifact: ArtifactKind;
  /** Package name, or the JAR's name. */
  readonly name: string;
  /** versionCode, or the index timestamp. */
  readonly version: string;
  readonly path: string;
  readonly verdict: OracleVerdict;
}

export interface DemoReport {
  readonly layout: DemoLayout;
  readonly token: string;
  readonly keyLabel: string;
  readonly keyType: string;
  readonly certificateSha256: string;
  readonly signerIsolation: string | undefined;
  readonly density: string;
  readonly severity: string;
  readonly hops: readonly Hop[];
  readonly rounds: number;
  /** What the signer showed its operator before signing, per round. */
  readonly reviews: readonly (readonly string[])[];
  readonly signed: readonly SignedFile[];
  readonly audit: string;
  readonly videosKept: boolean;
  readonly seconds: number;
}

const TOKEN = 'airsign-demo';
const KEY = 'release';
/** An APK needs at most two rounds (v1, then v2+v3 over it); a third means something is wrong. */
const MAX_ROUNDS = 3;

/** Runs `fn`, then reports the step with its duration. */
function stepper(progress: (line: string) => void) {
  let n = 0;
  return <T>(what: string, fn: () => T, detail?: (result: T) => string): T => {
    const started = process.hrtime.bigint();
    const result = fn();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const more = detail === undefined ? '' : `: ${detail(result)}`;
    progress(`${String(++n).padStart(2)}. ${what}${more} (${seconds.toFixed(1)} s)`);
    return result;
  };
}

export function runDemo(options: DemoOptions, progress: (line: string) => void): DemoReport {
  const started = process.hrtime.bigint();
  const layout = openWorkDir(options.dir);
  progress(`working in ${layout.root} (each command's output: logs/)`);
  const step = stepper(progress);
  const token = prepareToken(layout.hsm, TOKEN);
  const runner = new ProcessRunner(layout.logs, { ...process.env, SOFTHSM2_CONF: token.conf });
  const programs = new Programs(findSignerIsolation());
  const keyUri = `pkcs11:token=${TOKEN};object=${KEY}`;
  const tokenUri = `pkcs11:token=${TOKEN}`;
  const hops: Hop[] = [];
  let seed = options.seed;
  const camera = () => ({ severity: options.severity, seed: seed++ });
  const link = (name: string) => join(layout.link, name);
  const frameArgs = ['--density', options.density, '--fps', String(options.fps)];

  // ---- offline: token, key ceremony, certificate out, policy -------------------------------
  step(`SoftHSM2 token "${TOKEN}" made, with its own SOFTHSM2_CONF and a PIN file`, () => runner.run(token.init));
  const fingerprint = step(
    `key ceremony: airsign-signer keygen makes a ${options.keyType} key "${KEY}" in the token`,
    () => {
      runner.run(programs.signer(['keygen', '--uri', keyUri, '--type', options.keyType, '--subject', 'CN=airsign demo release key, O=airsign demo', '--cert-out', layout.certificatePem, '--pin-file', token.pinFile, '--state', layout.offlineState]));
      return new X509Certificate(readFileSync(layout.certificatePem)).fingerprint256.replaceAll(':', '').toLowerCase();
    },
    (fp) => `certificate sha256:${fp.slice(0, 16)}…`,
  );
  step(
    'certificate carried to the online side: export-cert shows it as QR frames, the camera records them, airsign decodes them',
    () => {
      const screen = link('certificate-screen.y4m');
      runner.run(programs.signer(['export-cert', '--uri', keyUri, '--out', screen, ...frameArgs]));
      hops.push(recordScreen(runner, programs, { what: 'certificate', round: 0, screen, camera: link('certificate-camera.y4m') }, camera()));
      runner.run(programs.airsign(['frames', 'decode', link('certificate-camera.y4m'), '--out', layout.certificateMessage]));
    },
    () => `${hops[0]!.framesShown} frames`,
  );
  step('signing policy: airsign-signer policy init, with unattended signing allowed for the demo', () => {
    runner.run(programs.signer(['policy', 'init', '--out', layout.policy, '--uri', tokenUri, '--kind', 'apk', '--kind', 'jar']));
    const policy = JSON.parse(readFileSync(layout.policy, 'utf8')) as Record<string, unknown>;
    writeFileSync(layout.policy, `${JSON.stringify({ ...policy, unattended: true }, null, 2)}\n`);
  });

  // ---- online: the artifacts and the request -----------------------------------------------
  const artifacts = step(
    'artifacts: a real APK and an F-Droid index (entry.jar) for it',
    () => {
      const apk = join(layout.inputs, basename(options.apk ?? sampleApkPath()));
      copyFileSync(options.apk ?? sampleApkPath(), apk);
      const facts = inspectArtifact(apk);
      const app = { packageName: facts.info.name, versionCode: facts.info.versionCode, versionName: facts.info.versionName, apkName: basename(apk), apkSha256: facts.sha256, apkSize: facts.size };
      return { apk, jar: writeRepoIndex(layout.inputs, app, Date.now()), app };
    },
    (a) => `${a.app.packageName} ${a.app.versionCode} (${a.app.versionName}), ${a.app.apkSize >= 1e6 ? `${(a.app.apkSize / 1e6).toFixed(1)} MB` : `${Math.ceil(a.app.apkSize / 1e3)} kB`}; entry.jar`,
  );
  let requests = step(
    'signing request: airsign request pins the certificate and prepares both files (the sample APK ships debug-signed: --replace-signatures)',
    () => requestPathsIn(runner.run(programs.airsign(['request', artifacts.apk, artifacts.jar, '--cert', layout.certificateMessage, '--session', layout.session, '--replace-signatures'])).lines),
  );

  // ---- rounds over the optical link ---------------------------------------------------------
  let round = 0;
  const reviews: string[][] = [];
  while (requests.length > 0) {
    if (++round > MAX_ROUNDS) throw new DemoError('UNEXPECTED_OUTPUT', `still a request open after ${MAX_ROUNDS} rounds`);
    if (requests.length > 1) throw new DemoError('UNEXPECTED_OUTPUT', `${requests.length} requests open at once; the demo carries one a round`);
    const r = (name: string) => link(`round-${round}-${name}.y4m`);
    const request = step(
      `round ${round}, request: airsign shows it as QR frames, the signer's camera records them`,
      () => {
        runner.run(programs.airsign(['frames', 'encode', requests[0]!, '--out', r('request-screen'), ...frameArgs]));
        return recordScreen(runner, programs, { what: 'request', round, screen: r('request-screen'), camera: r('request-camera') }, camera());
      },
      (h) => `${h.framesShown} frames shown, ${h.captures} captures`,
    );
    hops.push(request);
    const signing = step(`round ${round}, signing: airsign-signer sign reads the recording, reviews, signs in the token, shows the response`, () =>
      runner.run(programs.signer(['sign', '--in', r('request-camera'), '--out', r('response-screen'), '--policy', layout.policy, '--uri', tokenUri, '--state', layout.offlineState, '--pin-file', token.pinFile, '--yes', ...frameArgs])),
    );
    // Its stdout is the review the operator reads, then the response's path.
    reviews.push(signing.stdout.trimEnd().split('\n').slice(0, -1));
    const response = step(
      `round ${round}, response: the online side's camera records the signer's QR frames`,
      () => recordScreen(runner, programs, { what: 'response', round, screen: r('response-screen'), camera: r('response-camera') }, camera()),
      (h) => `${h.framesShown} frames shown, ${h.captures} captures`,
    );
    hops.push(response);
    requests = step(
      `round ${round}, assembly: airsign receive decodes the recording and builds the signed files`,
      () => requestPathsIn(runner.run(programs.airsign(['receive', layout.session, '--in', r('response-camera')])).lines),
      (next) => (next.length === 0 ? 'done' : 'the APK needs another round (v2 and v3 cover its v1 signature)'),
    );
  }

  // ---- checks ---------------------------------------------------------------------------------
  const signed = step(
    'verification: apksigner verify and jarsigner -verify on the signed files',
    () => {
      const status = readSessionStatus(runner, programs, layout.session);
      return status.map((a): SignedFile => {
        const isJar = a.fileName.endsWith('.jar');
        const verdict = isJar ? verifyJar(runner, a.path, fingerprint) : verifyApk(runner, a.path, fingerprint);
        return { fileName: a.fileName, artifact: isJar ? 'jar' : 'apk', name: a.name, version: a.version, path: a.path, verdict };
      });
    },
    (files) => files.map((f) => `${f.fileName} ${f.verdict.schemes.join('+')}`).join(', '),
  );
  const audit = step('audit log: airsign-signer audit verify', () => {
    const line = runner.run(programs.signer(['audit', 'verify', '--state', layout.offlineState])).lines.at(-1) ?? '';
    return line.replace(/^.*audit\.log: /, '');
  });
  if (!options.keep) removeVideos(layout);
  return {
    layout,
    token: TOKEN,
    keyLabel: KEY,
    keyType: options.keyType,
    certificateSha256: fingerprint,
    signerIsolation: programs.isolation?.description,
    density: options.density,
    severity: options.severity,
    hops,
    rounds: round,
    reviews,
    signed,
    audit,
    videosKept: options.keep,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
