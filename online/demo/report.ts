/** The demo's closing report: what was signed, what crossed the link, what the verifiers said, where the files are. */
import { relative } from 'node:path';
import type { Hop } from './optical-hop.ts';
import type { DemoReport } from './run-demo.ts';

function hopLine(h: Hop): string {
  const what = h.what === 'certificate' ? 'certificate' : `round ${h.round} ${h.what}`;
  return `  ${what.padEnd(17)} ${String(h.framesShown).padStart(4)} frames shown ${h.seconds.toFixed(1).padStart(6)} s ${String(h.captures).padStart(6)} camera captures`;
}

/** "rsa:3072" as people write it. */
function keyTypeText(type: string): string {
  const m = /^(rsa|ec):(.+)$/i.exec(type);
  return m === null ? type : `${m[1]!.toUpperCase()} ${m[2]!.toUpperCase()}`;
}

function linkTotals(hops: readonly Hop[], what: Hop['what']): { frames: number; seconds: number } {
  const of = hops.filter((h) => h.what === what);
  return { frames: of.reduce((n, h) => n + h.framesShown, 0), seconds: of.reduce((s, h) => s + h.seconds, 0) };
}

export function reportLines(r: DemoReport): string[] {
  const fps = r.hops[0]?.fps ?? 0;
  const requests = linkTotals(r.hops, 'request');
  const responses = linkTotals(r.hops, 'response');
  const at = (path: string) => relative(r.layout.root, path);
  return [
    '',
    `airsign demo: signed and verified, ${r.rounds} round(s) over the QR link, in ${r.seconds.toFixed(0)} s`,
    '',
    'Signed',
    ...r.signed.map((f) => `  ${f.name.padEnd(22)} ${f.version.padEnd(32)} ${f.artifact.toUpperCase()}  ${f.verdict.schemes.join(', ')}`),
    `  key: ${keyTypeText(r.keyType)} "${r.keyLabel}" in SoftHSM2 token "${r.token}", certificate sha256:${r.certificateSha256}`,
    `  signer: ${r.signerIsolation ?? 'run with --allow-network (no network namespace available here); a real signer is air-gapped'}`,
    '',
    ...r.reviews.flatMap((lines, i) => [`What the signer showed its operator, round ${i + 1}`, ...lines.filter((l) => l.trim() !== '').map((l) => `  ${l}`), '']),
    `QR link: density ${r.density}, ${fps} frames/s on screen, simulated 1280x720 30 fps webcam (${r.severity})`,
    ...r.hops.map(hopLine),
    `  link time for the job: ${(requests.seconds + responses.seconds).toFixed(1)} s at ${fps} fps (request ${requests.frames} frames, response ${responses.frames} frames)`,
    '',
    'Verification (tools no one here wrote)',
    ...r.signed.map((f) => `  ${f.fileName}: ${f.verdict.summary}; signer certificate is the ceremony's`),
    `  audit log: ${r.audit}`,
    '',
    `Files in ${r.layout.root}`,
    ...r.signed.map((f) => `  ${at(f.path)}`),
    `  ${at(r.layout.offlineState)}/   the signer's audit log and state; ${at(r.layout.hsm)}/ the token`,
    `  ${at(r.layout.logs)}/   every command's full output${r.videosKept ? `; ${at(r.layout.link)}/ the QR videos` : ' (the QR videos were removed; --keep keeps them)'}`,
  ];
}
