/** The session's records as the operator page shows them (online/pages/operator/view.ts). */
import { readFile } from 'node:fs/promises';
import { toHex } from '../../protocol/bytes.ts';
import { sha256 } from '../../protocol/hash.ts';
import type { ArtifactRecord, SessionRecord, Spool } from '../store/index.ts';
import type { ArtifactResultView, CheckView, RequestView } from '../pages/operator/view.ts';
import type { OutsideTools } from './outside-tools.ts';

function shortHex(hex: string): string {
  return `${hex.slice(0, 8)}…${hex.slice(-8)}`;
}

/** Every open session with a request, oldest first, with the request file's bytes. */
export async function openRequests(spool: Spool): Promise<RequestView[]> {
  const open = spool.sessions().filter((s) => s.state === 'open' && s.requestDigest !== undefined);
  return Promise.all(open.map((s) => requestView(spool, s)));
}

async function requestView(spool: Spool, session: SessionRecord): Promise<RequestView> {
  const file = new Uint8Array(await readFile(spool.layout.sessionRequest(session.id)));
  const items = session.members.map((m) => {
    const record = spool.artifact(m.artifactId);
    const item = session.items[m.index]!;
    return {
      fileName: record?.fileName ?? m.artifactId,
      name: item.name,
      versionCode: item.versionCode,
      versionName: item.versionName,
      schemes: item.schemes,
      round: record === undefined ? '?' : `${record.round + 1} of ${record.rounds?.length ?? '?'}`,
    };
  });
  return { session: session.id, transfer: Buffer.from(file).toString('base64'), bytes: file.length, digestShort: shortHex(session.requestDigest ?? toHex(sha256(file))), items };
}

/** The steps of the round the session answered, as the history records them. */
function roundChecks(record: ArtifactRecord, session: string, tools: OutsideTools): { checks: CheckView[]; round: number; final: boolean } {
  const start = record.history.findIndex((h) => h.state === 'responded' && h.note === `response to ${session}`);
  const after = start === -1 ? [] : record.history.slice(start + 1);
  const end = after.findIndex((h) => h.state === 'prepared' || h.state === 'failed');
  const reached = new Set((end === -1 ? after : after.slice(0, end)).map((h) => h.state));
  const round = start === -1 ? record.round : (record.history[start]!.round ?? record.round);
  const final = round === (record.rounds?.length ?? 1) - 1;
  const checks: CheckView[] = [
    { what: 'signatures checked against the pinned certificate', ok: reached.has('checked') },
    { what: 'signed file assembled', ok: reached.has('assembled') },
    { what: final ? 'verified by airsign' : `round ${round + 1} verified by airsign`, ok: reached.has('verified') },
  ];
  if (final) {
    if (tools.apksigner) checks.push({ what: 'apksigner verify', ok: reached.has('verified') });
    if (tools.jarsigner && record.facts?.kind === 'jar') checks.push({ what: 'jarsigner -verify', ok: reached.has('verified') });
  }
  return { checks, round, final };
}

export function artifactResult(record: ArtifactRecord, session: string, tools: OutsideTools): ArtifactResultView {
  const { checks, round, final } = roundChecks(record, session, tools);
  const outcome = record.state === 'ready' ? 'signed' : record.state === 'failed' ? 'failed' : !final && record.session !== session ? 'next round' : 'waiting';
  return {
    fileName: record.fileName,
    ...(record.facts === undefined ? {} : { name: record.facts.name, versionCode: record.facts.versionCode }),
    outcome,
    state: record.state,
    round: `${round + 1} of ${record.rounds?.length ?? '?'}`,
    ...(outcome === 'next round' && record.item !== undefined ? { next: `round ${record.round + 1}: ${record.item.schemes.join('+')}` } : {}),
    checks,
    ...(record.output === undefined ? {} : { output: record.output }),
    ...(record.failure === undefined ? {} : { failure: record.failure }),
  };
}
