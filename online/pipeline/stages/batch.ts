/**
 * prepared → batched: gathers prepared artifacts into one signing session (up to the policy's
 * cap). The session record is written first, whole; the artifacts are then marked. After a crash
 * between the two, the marks are completed from the session, so no artifact lands in two sessions.
 */
import { randomBytes } from 'node:crypto';
import { LIMITS } from '../../../protocol/limits.ts';
import type { UnkeyedItem } from '../../../protocol/kinds/index.ts';
import type { SigningItem } from '../../../protocol/messages/index.ts';
import { newId } from '../../store/ids.ts';
import type { ArtifactRecord, SessionRecord } from '../../store/index.ts';
import { advance } from '../context.ts';
import type { PipelineContext } from '../context.ts';
import { eachMember } from '../each-member.ts';

/** Completes the marks of sessions formed just before a crash. Returns whether anything changed. */
async function markMembers(ctx: PipelineContext): Promise<boolean> {
  let changed = false;
  for (const session of ctx.spool.sessions()) {
    if (session.state !== 'forming' && session.state !== 'open') continue;
    const marked = await eachMember(ctx, session, async (record) => {
      if (record.state !== 'prepared' || record.sessions.includes(session.id)) return false;
      await advance(ctx, record, 'batched', { session: session.id, sessions: [...record.sessions, session.id] }, `session ${session.id}`);
      return true;
    });
    changed = marked || changed;
  }
  return changed;
}

/**
 * Canonical bytes the items of one request may take: the message's limit less room for the rest.
 * An item is a few hundred bytes, except a v1 round below minSdk 19, which carries its .SF whole,
 * and an APK with a manifest proof.
 */
const ITEM_BYTES_BUDGET = LIMITS.maxMessageBytes - 64 * 1024;

/** An item's encoded size, from above: its fixed fields, and the pieces of a whole .SF or a manifest proof with their encoding. */
function itemBytes(item: UnkeyedItem): number {
  if (item.artifact !== 'apk') return 512;
  const p = item.manifestProof;
  const pieces = [...(item.v1Sf?.signatureFile ?? []), ...(p === undefined ? [] : [...p.entry, ...p.suffix, ...p.chunkDigests, ...p.centralDirectory, ...p.eocd])];
  return (p === undefined ? 512 : 712) + pieces.reduce((n, piece) => n + piece.length + 3, 0);
}

/** States the pipeline moves on by itself, without waiting for anyone. */
const WORKING: ReadonlySet<string> = new Set(['received', 'responded', 'checked', 'assembled', 'verified']);

function lastChange(record: ArtifactRecord): number {
  return record.history.at(-1)?.at ?? record.receivedAt;
}

export async function batchArtifacts(ctx: PipelineContext): Promise<boolean> {
  if (await markMembers(ctx)) return true;
  const waiting = ctx.spool.artifacts().filter((a) => a.state === 'prepared' && a.item !== undefined);
  if (waiting.length === 0) return false;
  const openSessions = ctx.spool.sessions().filter((s) => s.state === 'forming' || s.state === 'open').length;
  if (openSessions >= ctx.policy.maxOpenSessions) return false;
  const cap = Math.min(ctx.policy.maxItems, LIMITS.maxItems);
  // Artifacts still being worked on (prepared, assembled, verified) will be ready to batch in a
  // moment: wait for them, so one request carries them all (a round two joins its peers).
  const working = ctx.spool.artifacts().some((a) => WORKING.has(a.state));
  const settled = !working && Math.max(...waiting.map(lastChange)) + ctx.policy.settleMs <= ctx.now();
  if (!settled && waiting.length < cap) return false;

  const keys: string[] = [];
  const chosen: ArtifactRecord[] = [];
  let bytes = 0;
  for (const record of waiting) {
    if (chosen.length >= cap) break;
    // Whatever does not fit this request goes into the next one (one item always fits).
    const cost = itemBytes(record.item!);
    if (chosen.length > 0 && bytes + cost > ITEM_BYTES_BUDGET) continue;
    if (!keys.includes(record.key)) {
      if (keys.length >= LIMITS.maxKeys) continue;
      keys.push(record.key);
    }
    chosen.push(record);
    bytes += cost;
  }
  const items: SigningItem[] = chosen.map((r) => ({ ...r.item!, key: keys.indexOf(r.key) }));
  const now = ctx.now();
  const session: SessionRecord = {
    id: newId(now),
    state: 'forming',
    createdAt: now,
    requestId: new Uint8Array(randomBytes(16)),
    issuedAt: Math.floor(now / 1000),
    keys,
    items,
    members: chosen.map((r, index) => ({ artifactId: r.id, index })),
    history: [{ state: 'forming', at: now }],
  };
  await ctx.spool.addSession(session);
  ctx.log(`session ${session.id}: ${items.length} item(s)`);
  await markMembers(ctx);
  return true;
}
