/** The demo's closing report: what was signed, what crossed the link, what the verifiers said, where the files are. */
import { relative } from 'node:path';
import type { Hop } from './optical-hop.ts';
import type { DemoReport } from './run-demo.ts';

function hopLine(h: Hop): string {
  const what = h.what === 'certificate' ? 'certificate     ' : `round ${h.round} ${h.what.padEnd(9)}`;
  return `  ${what} ${String(h.framesShown).padStart(4)} frames shown  ${h.seconds.toFixed(1).padStart(5)} s   ${String(h.captures).padStart(4)} camera captures`;
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
    `  key: ${r.keyType} "${r.keyLabel}" in SoftHSM2 token "${r.token}", certificate sha256:${r.certificateSha256}`,
    `  signer: ${r.signerIsolation ?? 'run with --allow-network (no network namespace available here); a real signer is air-gapped'}`,
    '',
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
