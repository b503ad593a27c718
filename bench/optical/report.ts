/** docs/bench/optical.md from the benchmark's parts. */
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { QR_PRESETS } from '../../protocol/optical/index.ts';
import type { FrameResult } from './decode-speed.ts';
import { COVERAGES, HARSH_FPS, LOW_LIGHT_FPS, TYPICAL_FPS } from './parts.ts';
import type { ConditionsPart, DecodePart, GoodputPart, GoodputRow, RunInfo } from './parts.ts';
import { fmt, mean, median, p95, pct } from './stats.ts';

/** The goodput table of docs/bench/optical-codes.md (its own bench writes it), repeated here. */
function codesTable(): string[] {
  const file = join(import.meta.dirname, '../../docs/bench/optical-codes.md');
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('| profile |'));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return [...lines.slice(start, end < 0 ? undefined : end), ''];
}

export interface Results {
  decode?: DecodePart;
  goodput?: GoodputPart;
  conditions?: ConditionsPart;
}

const when = (r: RunInfo) => `run ${r.date} UTC, load average ${r.loadavg.map((x) => x.toFixed(1)).join(' ')}${r.quick === true ? '; the small form (AIRSIGN_BENCH_QUICK=1)' : ''}`;

function decodeRow(label: string, rs: readonly FrameResult[]): string {
  const ours = rs.map((r) => r.oursMs);
  const jsqr = rs.map((r) => r.jsqrMs);
  const rate = (f: (r: FrameResult) => boolean) => pct(rs.filter(f).length / rs.length);
  const cpu = rs.map((r) => r.oursCpuMs);
  const jsCpu = rs.map((r) => r.jsqrCpuMs);
  return (
    `| ${label} | ${rs.length} | ${fmt(median(ours))} / ${fmt(p95(ours))} | ${fmt(median(rs.map((r) => r.oursGreyMs)))} / ${fmt(p95(rs.map((r) => r.oursGreyMs)))} | ` +
    `${fmt(median(cpu))} / ${fmt(p95(cpu))} | ${fmt(median(jsqr))} / ${fmt(p95(jsqr))} | ${fmt(median(jsqr) / median(ours))}x (CPU ${fmt(median(jsCpu) / median(cpu))}x) | ` +
    `${rate((r) => r.oursOk)} | ${rate((r) => r.jsqrOk)} | ${rate((r) => r.zbarOk)} |`
  );
}

function decodeSection(d: DecodePart): string[] {
  return [
    '## Decoding one camera frame',
    '',
    `(${when(d)}.) Full-capacity frames of each preset shown at 10 fps and captured by the camera simulator (1280x720, 30 fps),`,
    'each stream scanned in order (so region tracking works as on a live camera). Times in ms, median / 95th percentile:',
    '"ours" is the scan path on RGBA (what a canvas readback gives), wall clock; "grey" the same on luma (what a camera',
    "VideoFrame gives a worker); \"CPU\" is this process's CPU time for \"ours\", steadier than wall time on a shared machine.",
    'Plain jsQR (`jsQR(rgba, 1280, 720)`) runs on the same frames, frame by frame in turn with ours. A success is a decode',
    'equal to one of the frames the capture saw; zbarimg reads the same pixels written as PNG. A capture taken while the',
    'screen changed frames is often unreadable for everyone: success rates are comparable across columns, not absolute.',
    '',
    '| frames | n | ours (RGBA) | grey | CPU | plain jsQR | jsQR / ours | ours ok | jsQR ok | zbarimg ok |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...QR_PRESETS.map((p) => decodeRow(`typical, ${p.name}`, d.typical.filter((r) => r.preset === p.name))),
    decodeRow('**typical, all presets**', d.typical),
    decodeRow('**harsh, all presets**', d.harsh),
    '',
  ];
}

function goodputTable(rows: readonly GoodputRow[], rates: readonly number[]): string[] {
  return [
    `| link | message bytes | ${rates.map((f) => `${f} fps`).join(' | ')} |`,
    `|---|---|${rates.map(() => '---').join('|')}|`,
    ...rows.map((row) => {
      const cells = rates.map((fps) => {
        const c = row.cells.find((x) => x.fps === fps);
        if (c === undefined) return '-';
        const ok = c.trials.filter((t) => t.recovered).length;
        const worst = fmt(Math.min(...c.trials.map((t) => t.goodput)) / 1000, 1);
        return ok === c.trials.length ? worst : `${worst} (${ok}/${c.trials.length})`;
      });
      return `| ${row.link} | ${row.messageBytes} | ${cells.join(' | ')} |`;
    }),
  ];
}

function goodputSection(g: GoodputPart): string[] {
  const bcurTrials = g.bcur.cells[0]!.trials;
  const overhead = mean(bcurTrials.map((t) => t.framesUseful / t.sourceFrames));
  return [
    '## Goodput',
    '',
    `(${when(g)}.) Message bytes per second of display time, in KB/s (1000 bytes), from a random starting point in the`,
    `frame stream until the message is whole and checked; the worst of ${g.trials} trial${g.trials === 1 ? '' : 's'}. Each airsign message is ${g.k} frames'`,
    'worth at its preset. "(n/m)": recovered in only n of m trials within six times the ideal display time (0.0: never).',
    'The BC-UR row is a wallet link as deployed: 400-byte fragments as uppercase UR text in alphanumeric QR codes at 5 fps,',
    'through the same simulator and scanner.',
    '',
    '### Typical camera',
    '',
    ...goodputTable([...g.typical, g.bcur], TYPICAL_FPS),
    '',
    `BC-UR needed ${fmt(overhead, 2)} K distinct parts on average (its fountain overhead, measured here; K = ${bcurTrials[0]?.sourceFrames});`,
    'airsign frames are RaptorQ-coded and decode from K or K + 1.',
    '',
    '### Several codes a displayed frame',
    '',
    'Measured on their own by `npm run bench optical-codes`: [optical-codes.md](optical-codes.md)',
    '(1, 2 and 4 codes a picture at high and dense, typical, harsh, low-light and distance profiles,',
    'scan time a camera frame). The rows above show one code a picture. The default chosen from that table, 4 codes at',
    'high and 10 pictures a second, and why: [optical-link.md](../optical-link.md#default-4-codes-a-picture-at-high-10-pictures-a-second).',
    '',
    ...codesTable(),
    '### Harsh camera',
    '',
    ...goodputTable(g.harsh, HARSH_FPS),
    '',
  ];
}

function conditionsSection(c: ConditionsPart): string[] {
  return [
    '## Conditions that decide the defaults',
    '',
    `(${when(c)}.)`,
    '',
    '### Low light: the camera slows to 15 fps (1/30 s exposure)',
    '',
    `Many laptop webcams halve their frame rate in dim light. Goodput as above (worst of ${c.lowLight[0]?.cells[0]?.trials.length ?? 0} trials), typical camera otherwise:`,
    '',
    ...goodputTable(c.lowLight, LOW_LIGHT_FPS),
    '',
    '### Distance: how much of the frame the code must fill',
    '',
    'Captures decoded, typical camera, with the code and its quiet zone spanning this fraction of the frame height:',
    '',
    `| preset | ${COVERAGES.map((x) => `${Math.round(x * 100)}%`).join(' | ')} |`,
    `|---|${COVERAGES.map(() => '---').join('|')}|`,
    ...c.distance.map((d) => `| ${d.preset} | ${d.byCoverage.map((b) => pct(b.decoded / b.captures)).join(' | ')} |`),
    '',
  ];
}

export function renderReport(r: Results): string {
  return [
    '# Optical link benchmark',
    '',
    `\`npm run bench optical\` on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}. The machine is shared: see each`,
    'part for its load. How the numbers chose the defaults: [docs/optical-link.md](../optical-link.md).',
    '',
    ...(r.decode === undefined ? [] : decodeSection(r.decode)),
    ...(r.goodput === undefined ? [] : goodputSection(r.goodput)),
    ...(r.conditions === undefined ? [] : conditionsSection(r.conditions)),
  ].join('\n');
}
