/** The session's records as the operator page shows them (online/pages/operator/view.ts). */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { toHex } from '../../protocol/bytes.ts';
import { sha256 } from '../../protocol/hash.ts';
import type { ArtifactRecord, SessionRecord, Spool } from '../store/index.ts';
import type { SigningItem } from '../../protocol/messages/index.ts';
import { fdroidIndexClaimLines, itemLabel, openPgpClaimLines } from '../../protocol/kinds/index.ts';
import { signedDigests } from '../../protocol/signing/index.ts';
import type { ArtifactResultView, CheckView, RequestItemView, RequestView, ResponseOutcome } from '../pages/operator/view.ts';
import type { OutsideTools } from './outside-tools.ts';
import { parseNewKeyRef } from '../pipeline/new-key.ts';

function shortHex(hex: string): string {
  return `${hex.slice(0, 8)}…${hex.slice(-8)}`;
}

/** Every open session with a request, oldest first, with the request file's bytes. */
export async function openRequests(spool: Spool): Promise<RequestView[]> {
  const open = spool.sessions().filter((s) => s.state === 'open' && s.requestDigest !== undefined);
  return Promise.all(open.map((s) => requestView(spool, s)));
}

/** The digest the signer's review marks "signed" for the item: v2/v3 content digest, else the v1 .SF digest. */
function signedOf(item: SigningItem): Pick<RequestItemView, 'signedWhat' | 'signedShort'> {
  const signed = signedDigests(item)[0];
  return signed === undefined ? { signedWhat: 'nothing', signedShort: '' } : { signedWhat: signed.brief, signedShort: shortHex(signed.hex) };
}

async function requestView(spool: Spool, session: SessionRecord): Promise<RequestView> {
  const file = new Uint8Array(await readFile(spool.layout.sessionRequest(session.id)));
  const items = session.members.map((m) => {
    const record = spool.artifact(m.artifactId);
    const item = session.items[m.index]!;
    return {
      fileName: record?.fileName ?? m.artifactId,
      name: item.name,
      versionCode: itemLabel(item).order,
      versionName: itemLabel(item).version,
      schemes: item.schemes,
      round: record === undefined ? '?' : `${record.round + 1} of ${record.rounds?.length ?? '?'}`,
      ...signedOf(item),
      claims: item.artifact === 'jar' ? fdroidIndexClaimLines(item.fdroidIndex) : item.artifact === 'openpgp' ? openPgpClaimLines(item) : [],
      keyFingerprint: keyShown(session.keys[item.key] ?? ''),
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
  const steps: { what: string; state: string }[] = [
    { what: 'signatures checked against the pinned certificate', state: 'checked' },
    { what: 'signed file assembled', state: 'assembled' },
    { what: final ? 'verified by airsign' : `round ${round + 1} verified by airsign`, state: 'verified' },
  ];
  if (final) {
    if (tools.apksigner) steps.push({ what: 'apksigner verify', state: 'verified' });
    if (tools.jarsigner && record.facts?.kind === 'jar') steps.push({ what: 'jarsigner -verify', state: 'verified' });
  }
  // A step failed only if the artifact failed while at it; a refused item ran none of them.
  const refused = record.failure?.code.startsWith('REFUSED_') === true;
  let blamed = false;
  const checks: CheckView[] = steps.map((s) => {
    if (reached.has(s.state)) return { what: s.what, result: 'passed' };
    if (record.state === 'failed' && !refused && !blamed && record.session === session) {
      blamed = true;
      return { what: s.what, result: 'failed' };
    }
    return { what: s.what, result: 'not run' };
  });
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

async function fileSha256(path: string): Promise<string | undefined> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch {
    return undefined;
  }
  return hash.digest('hex');
}

/** Output paths made absolute (from the spool's root), each with its SHA-256. */
export async function withOutputFacts(views: readonly ArtifactResultView[], root: string): Promise<ArtifactResultView[]> {
  return Promise.all(
    views.map(async (v) => {
      if (v.output === undefined) return v;
      const output = resolve(root, v.output);
      const sha = await fileSha256(output);
      return { ...v, output, ...(sha === undefined ? {} : { outputSha256: sha }) };
    }),
  );
}

/** The outcome of the session answered last, rebuilt from the spool (a reload shows it again). */
export async function lastOutcome(spool: Spool, tools: OutsideTools): Promise<ResponseOutcome | undefined> {
  const answered = spool.sessions().filter((s) => s.response !== undefined);
  const last = answered.sort((a, b) => a.response!.receivedAt - b.response!.receivedAt).at(-1);
  if (last === undefined) return undefined;
  const results = last.response!.results;
  const signed = results.filter((r) => r.status === 'signed').length;
  const artifacts = last.members.map((m) => spool.artifact(m.artifactId)).filter((a) => a !== undefined);
  return {
    session: last.id,
    signed,
    refused: results.length - signed,
    audit: last.response!.audit,
    artifacts: await withOutputFacts(artifacts.map((a) => artifactResult(a, last.id, tools)), spool.layout.root),
    requests: await openRequests(spool),
    taken: true,
  };
}

/** Artifacts that ended failed: shown beside "nothing to sign". */
export function failedCount(spool: Spool): number {
  return spool.artifacts().filter((a) => a.state === 'failed').length;
}

/** Each artifact of the sessions answered but not yet finished, and its step. */
export function progressOf(spool: Spool): { fileName: string; state: string }[] {
  const busy = spool.sessions().filter((s) => s.response !== undefined && s.state !== 'closed' && s.state !== 'failed');
  return busy.flatMap((s) => s.members.map((m) => spool.artifact(m.artifactId)).filter((a) => a !== undefined).map((a) => ({ fileName: a.fileName, state: a.state })));
}

/** A pinned key by its certificate's first 8 hex digits; a key the signer is asked to make, as such. */
function keyShown(key: string): string {
  const made = parseNewKeyRef(key);
  return made === undefined ? key.slice(0, 8) : `${made.alias}, NEW (${made.keyType}, to be made by the signer)`;
}
