/** What `airsign status` and the server show of artifacts and sessions: plain JSON, no bytes. */
import type { ArtifactRecord, SessionRecord } from '../store/index.ts';

export interface ArtifactView {
  readonly id: string;
  readonly fileName: string;
  readonly state: string;
  /** "1/2" while in its first of two rounds. */
  readonly round: string;
  readonly name?: string;
  readonly versionCode?: number;
  readonly versionName?: string;
  readonly size: number;
  readonly sha256: string;
  readonly key: string;
  readonly submitter: string;
  readonly receivedAt: string;
  readonly session?: string;
  readonly output?: string;
  readonly failure?: { readonly code: string; readonly message: string };
  readonly history: readonly { readonly state: string; readonly at: string; readonly note?: string }[];
}

export interface SessionView {
  readonly id: string;
  readonly state: string;
  readonly items: number;
  readonly createdAt: string;
  readonly requestDigest?: string;
  readonly audit?: { readonly seq: number; readonly head: string };
  readonly failure?: { readonly code: string; readonly message: string };
  readonly artifacts: readonly string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

export function artifactView(r: ArtifactRecord): ArtifactView {
  return {
    id: r.id,
    fileName: r.fileName,
    state: r.state,
    round: `${r.round + 1}/${r.rounds?.length ?? '?'}`,
    ...(r.facts === undefined ? {} : { name: r.facts.name, versionCode: r.facts.versionCode, versionName: r.facts.versionName }),
    size: r.size,
    sha256: r.sha256,
    key: r.key,
    submitter: r.submitter.name,
    receivedAt: iso(r.receivedAt),
    ...(r.session === undefined ? {} : { session: r.session }),
    ...(r.output === undefined ? {} : { output: r.output }),
    ...(r.failure === undefined ? {} : { failure: r.failure }),
    history: r.history.map((h) => ({ state: h.state, at: iso(h.at), ...(h.note === undefined ? {} : { note: h.note }) })),
  };
}

export function sessionView(s: SessionRecord): SessionView {
  return {
    id: s.id,
    state: s.state,
    items: s.items.length,
    createdAt: iso(s.createdAt),
    ...(s.requestDigest === undefined ? {} : { requestDigest: s.requestDigest }),
    ...(s.response === undefined ? {} : { audit: s.response.audit }),
    ...(s.failure === undefined ? {} : { failure: s.failure }),
    artifacts: s.members.map((m) => m.artifactId),
  };
}
