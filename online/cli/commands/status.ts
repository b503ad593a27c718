import type { Command } from '../../../protocol/cli/index.ts';
import { artifactView, sessionView } from '../../pipeline/index.ts';
import type { ArtifactView, SessionView } from '../../pipeline/index.ts';
import { Spool } from '../../store/index.ts';
import { SPOOL_OPTIONS, spoolDir } from '../spool-dir.ts';

function table(rows: readonly string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd());
}

function artifactLines(artifacts: readonly ArtifactView[]): string[] {
  if (artifacts.length === 0) return ['  (none)'];
  const rows = [['ID', 'STATE', 'ROUND', 'FILE', 'PACKAGE', 'VERSION', 'SUBMITTER', 'SESSION']];
  for (const a of artifacts) rows.push([a.id, a.state, a.round, a.fileName, a.name ?? '-', a.versionCode === undefined ? '-' : String(a.versionCode), a.submitter, a.session ?? '-']);
  const lines = table(rows);
  // Each failure's reason goes under its row, where a person reads it.
  const out = [lines[0]!];
  artifacts.forEach((a, i) => {
    out.push(lines[i + 1]!);
    if (a.failure !== undefined) out.push(`      ${a.failure.code}: ${a.failure.message}`);
    if (a.output !== undefined) out.push(`      signed: ${a.output}`);
  });
  return out;
}

function sessionLines(sessions: readonly SessionView[]): string[] {
  if (sessions.length === 0) return ['  (none)'];
  const rows = [['ID', 'STATE', 'ITEMS', 'CREATED', 'REQUEST DIGEST', 'OFFLINE AUDIT']];
  for (const s of sessions) rows.push([s.id, s.state, String(s.items), s.createdAt, s.requestDigest ?? '-', s.audit === undefined ? '-' : `seq ${s.audit.seq} head ${s.audit.head.slice(0, 16)}…`]);
  return table(rows);
}

export const statusCommand: Command = {
  name: 'status',
  summary: 'show every artifact\'s state and every open signing session of a spool',
  usage: '[<spool dir>]',
  options: {
    ...SPOOL_OPTIONS,
    all: { type: 'boolean', description: 'list closed and failed sessions too' },
    json: { type: 'boolean', description: 'print JSON' },
  },
  positionals: { min: 0, max: 1 },
  async run(ctx) {
    const spool = await Spool.openReadOnly(await spoolDir(ctx.options, ctx.positionals[0]));
    const artifacts = spool.artifacts().map(artifactView);
    const sessions = spool
      .sessions()
      .filter((s) => ctx.options.all === true || s.state === 'forming' || s.state === 'open' || s.state === 'answered')
      .map(sessionView);
    if (ctx.options.json === true) {
      ctx.out(JSON.stringify({ artifacts, sessions }, null, 2));
      return 0;
    }
    const counts = new Map<string, number>();
    for (const a of artifacts) counts.set(a.state, (counts.get(a.state) ?? 0) + 1);
    ctx.out(`artifacts: ${artifacts.length}${counts.size === 0 ? '' : ` (${[...counts].map(([s, n]) => `${n} ${s}`).join(', ')})`}`);
    for (const line of artifactLines(artifacts)) ctx.out(line);
    ctx.out(ctx.options.all === true ? 'sessions:' : 'open sessions:');
    for (const line of sessionLines(sessions)) ctx.out(line);
    return 0;
  },
};
