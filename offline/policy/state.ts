/**
 * What the policy remembers between requests, in the state directory: per key and name, the
 * highest version code signed and the artifacts signed at it (rollback protection); and the
 * digests of requests already signed (replay protection). Saved atomically after each batch.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { SignerError } from '../errors.ts';
import { writeFileAtomic } from '../state/files.ts';

/** Artifacts remembered at the highest version: a second round (v1 then v2/v3) or a re-sign of the same file. */
const MAX_ARTIFACTS_PER_VERSION = 16;

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const Floor = z.strictObject({ highest: z.number().int().min(0), artifacts: z.array(hex64).max(MAX_ARTIFACTS_PER_VERSION) });
type Floor = z.infer<typeof Floor>;

const StateFile = z.strictObject({
  version: z.literal(1),
  /** key fingerprint (hex) → "apk:org.example.app" or "jar:entry.jar" → floor */
  floors: z.record(hex64, z.record(z.string().max(300), Floor)),
  /** request digest (hex) → unix seconds it was signed */
  signedRequests: z.record(hex64, z.number().int().min(0)),
  /** The audit log's head when the last request was committed: the log must still hold it. */
  audit: z.strictObject({ seq: z.number().int().min(0), head: hex64 }).optional(),
});
type StateFile = z.infer<typeof StateFile>;

export type RollbackCheck = { ok: true } | { ok: false; detail: string };

export class PolicyState {
  /**
   * A working copy records only its own changes and reads through to its parent, so reviewing a
   * batch costs nothing in the size of the saved state.
   */
  private constructor(
    private readonly data: StateFile,
    private readonly parent?: PolicyState,
  ) {}

  static empty(): PolicyState {
    return new PolicyState({ version: 1, floors: {}, signedRequests: {} });
  }

  static load(path: string): PolicyState {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return PolicyState.empty();
      throw new SignerError('IO', `cannot read ${path}`, { cause: error });
    }
    try {
      return new PolicyState(StateFile.parse(JSON.parse(text)));
    } catch (cause) {
      throw new SignerError('STATE_CORRUPT', `the policy state ${path} is not valid; restore it from a backup`, { cause });
    }
  }

  /** A working copy, for reviewing a batch without touching this state. */
  clone(): PolicyState {
    return new PolicyState({ version: 1, floors: {}, signedRequests: {} }, this);
  }

  save(path: string): void {
    if (this.parent !== undefined) throw new SignerError('STATE_CORRUPT', 'a working copy of the policy state is never saved');
    writeFileAtomic(path, `${JSON.stringify(this.data)}\n`);
  }

  isSigned(requestDigest: string): boolean {
    return Object.hasOwn(this.data.signedRequests, requestDigest) || (this.parent?.isSigned(requestDigest) ?? false);
  }

  markSigned(requestDigest: string, at: number): void {
    this.data.signedRequests[requestDigest] = at;
  }

  /** Every request recorded as signed, by digest (hex). */
  signedRequestDigests(): string[] {
    return Object.keys(this.data.signedRequests);
  }

  /** The audit head recorded at the last commit, if any. */
  get auditHead(): { seq: number; head: string } | undefined {
    return this.data.audit;
  }

  setAuditHead(head: { seq: number; head: string }): void {
    if (this.data.audit === undefined || head.seq >= this.data.audit.seq) this.data.audit = { seq: head.seq, head: head.head };
  }

  /** Whether the state says anything was ever signed: then the audit log and its anchor must be there. */
  get hasSigned(): boolean {
    return this.data.audit !== undefined || Object.keys(this.data.signedRequests).length > 0;
  }

  private ownFloor(key: string, subject: string): Floor | undefined {
    return Object.hasOwn(this.data.floors, key) && Object.hasOwn(this.data.floors[key]!, subject) ? this.data.floors[key]![subject] : undefined;
  }

  private floor(key: string, subject: string): Floor | undefined {
    return this.ownFloor(key, subject) ?? this.parent?.floor(key, subject);
  }

  /** The highest version code this key has signed for a subject ("apk:org.example.app"), if any. */
  highestSigned(key: string, subject: string): number | undefined {
    return this.floor(key, subject)?.highest;
  }

  /** Keys (fingerprints, hex) that have signed a subject, and whether a key has signed anything. */
  keysThatSigned(subject: string): string[] {
    const own = Object.keys(this.data.floors).filter((key) => this.ownFloor(key, subject) !== undefined);
    return [...new Set([...own, ...(this.parent?.keysThatSigned(subject) ?? [])])];
  }

  hasSignedAnything(key: string): boolean {
    return (Object.hasOwn(this.data.floors, key) && Object.keys(this.data.floors[key]!).length > 0) || (this.parent?.hasSignedAnything(key) ?? false);
  }

  /** A version must rise; the same version passes only for an artifact already signed at it. */
  checkVersion(key: string, subject: string, versionCode: number, artifact: string): RollbackCheck {
    const floor = this.floor(key, subject);
    if (floor === undefined || versionCode > floor.highest) return { ok: true };
    if (versionCode === floor.highest && floor.artifacts.includes(artifact)) return { ok: true };
    if (versionCode === floor.highest) {
      return { ok: false, detail: `a different ${subject} was already signed as version ${versionCode}; give this build a higher version code` };
    }
    return { ok: false, detail: `version ${versionCode} of ${subject} is below version ${floor.highest}, the highest already signed; give this build a higher version code` };
  }

  recordVersion(key: string, subject: string, versionCode: number, artifact: string): void {
    const byKey = Object.hasOwn(this.data.floors, key) ? this.data.floors[key]! : (this.data.floors[key] = {});
    const floor = this.floor(key, subject);
    if (floor === undefined || versionCode > floor.highest) {
      byKey[subject] = { highest: versionCode, artifacts: [artifact] };
    } else if (versionCode === floor.highest && !floor.artifacts.includes(artifact)) {
      // Copy before changing: a working copy never writes into its parent's floors.
      const artifacts = [...floor.artifacts, artifact].slice(-MAX_ARTIFACTS_PER_VERSION);
      byKey[subject] = { highest: floor.highest, artifacts };
    }
  }
}
