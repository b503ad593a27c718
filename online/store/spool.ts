/**
 * The spool: a directory that holds every accepted artifact and signing session as records on
 * disk, written atomically. One process works it at a time (the lock); it keeps the records in
 * memory as well, and every change goes to disk before it is visible in memory.
 */
import { appendFile, chmod, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { mkdirDurable, renameDurable, syncDir, writeFileDurable } from '../../node/durable.ts';
import { isTempName, PRIVATE_DIR, PRIVATE_FILE } from './atomic.ts';
import { StoreError } from './errors.ts';
import { newId } from './ids.ts';
import { fromJson, toJson } from './json.ts';
import { isId, spoolLayout } from './layout.ts';
import type { PickupLayout, SpoolLayout } from './layout.ts';
import { acquireLock } from './lock.ts';
import type { SpoolLock } from './lock.ts';
import { ARTIFACT_STATES, SESSION_STATES } from './records.ts';
import type { ArtifactRecord, SessionRecord } from './records.ts';

const FORMAT = 'airsign-spool';
const VERSION = 1;
/** The pick-up directory is a plain name inside the spool. */
const PICKUP_DIR = /^[a-z][a-z0-9-]{0,31}$/;

interface Marker {
  readonly format: typeof FORMAT;
  readonly version: number;
  readonly pickupDir: string;
  readonly pickupLayout: PickupLayout;
}

export interface SpoolOptions {
  /** Creates the spool if the directory has none. */
  readonly create?: { readonly pickupDir: string; readonly pickupLayout: PickupLayout };
}

export class Spool {
  readonly layout: SpoolLayout;
  private readonly lock: SpoolLock;
  private readonly artifactMap = new Map<string, ArtifactRecord>();
  private readonly sessionMap = new Map<string, SessionRecord>();

  private readonly readOnly: boolean;

  private constructor(layout: SpoolLayout, lock: SpoolLock, readOnly = false) {
    this.layout = layout;
    this.lock = lock;
    this.readOnly = readOnly;
  }

  /**
   * Opens a spool to look at it while another process may be working it (status): no lock, no
   * sweeping. Every record is read whole, because records are only ever replaced by a rename.
   */
  static async openReadOnly(root: string): Promise<Spool> {
    const marker = await readMarker(root, {});
    const spool = new Spool(spoolLayout(root, marker.pickupDir, marker.pickupLayout), { release: async () => {} }, true);
    await spool.load();
    return spool;
  }

  /**
   * Where a spool's files are, without its lock (creating its marker if asked): for the few writes
   * that are safe beside a running process, such as pinning a certificate (see pin-certificate.ts).
   */
  static async layoutOf(root: string, options: SpoolOptions = {}): Promise<SpoolLayout> {
    const marker = await readMarker(root, options);
    return spoolLayout(root, marker.pickupDir, marker.pickupLayout);
  }

  static async open(root: string, options: SpoolOptions = {}): Promise<Spool> {
    const marker = await readMarker(root, options);
    const layout = spoolLayout(root, marker.pickupDir, marker.pickupLayout);
    const lock = await acquireLock(root);
    try {
      // A spool made before its files were private: the root closed to others covers all below.
      await chmod(root, PRIVATE_DIR);
      for (const dir of [layout.incoming, layout.certs, layout.artifacts, layout.sessions, layout.pickup]) await mkdirDurable(dir);
      const spool = new Spool(layout, lock);
      await spool.sweep();
      await spool.load();
      return spool;
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  private assertWritable(): void {
    if (this.readOnly) throw new StoreError('LOCKED', 'this spool was opened read-only');
  }

  async close(): Promise<void> {
    await this.lock.release();
  }

  artifacts(): ArtifactRecord[] {
    return [...this.artifactMap.values()].sort((a, b) => a.id.localeCompare(b.id)).map((r) => structuredClone(r));
  }

  /** Each artifact's id and state, in id order, without copying the records (a scheduler's look over 1000 of them). */
  artifactStates(): { readonly id: string; readonly state: ArtifactRecord['state'] }[] {
    return [...this.artifactMap.values()].map((r) => ({ id: r.id, state: r.state })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  artifact(id: string): ArtifactRecord | undefined {
    const r = this.artifactMap.get(id);
    return r === undefined ? undefined : structuredClone(r);
  }

  sessions(): SessionRecord[] {
    return [...this.sessionMap.values()].sort((a, b) => a.id.localeCompare(b.id)).map((r) => structuredClone(r));
  }

  session(id: string): SessionRecord | undefined {
    const r = this.sessionMap.get(id);
    return r === undefined ? undefined : structuredClone(r);
  }

  /** A fresh file name in incoming/ for an upload or a copy in progress (swept if the process dies). */
  incomingPath(): string {
    return join(this.layout.incoming, `upload-${newId()}`);
  }

  /**
   * Accepts a file from incoming/ as a new artifact: its directory is assembled under a temporary
   * name and renamed into place, so an artifact exists whole or not at all.
   */
  async addArtifact(incomingFile: string, fields: Omit<ArtifactRecord, 'id' | 'state' | 'round' | 'sessions' | 'history'>): Promise<ArtifactRecord> {
    this.assertWritable();
    const id = newId();
    const finalDir = this.layout.artifactDir(id);
    const tempDir = join(this.layout.artifacts, `.tmp-${id}`);
    await mkdirDurable(tempDir);
    await renameDurable(incomingFile, join(tempDir, 'input'));
    const record: ArtifactRecord = { ...fields, id, state: 'received', round: 0, sessions: [], history: [{ state: 'received', at: fields.receivedAt }] };
    await writeFileDurable(join(tempDir, 'record.json'), toJson(record));
    await renameDurable(tempDir, finalDir);
    this.artifactMap.set(id, structuredClone(record));
    await this.logEvent({ kind: 'artifact', id, state: 'received', submitter: record.submitter.name, fileName: record.fileName, sha256: record.sha256, key: record.key });
    return record;
  }

  async saveArtifact(record: ArtifactRecord): Promise<void> {
    this.assertWritable();
    if (!this.artifactMap.has(record.id)) throw new StoreError('NOT_FOUND', `no artifact ${record.id}`);
    await writeFileDurable(this.layout.artifactRecord(record.id), toJson(record));
    this.artifactMap.set(record.id, structuredClone(record));
  }

  /** Creates a session directory with its record, atomically. */
  async addSession(record: SessionRecord): Promise<void> {
    this.assertWritable();
    if (this.sessionMap.has(record.id)) throw new StoreError('EXISTS', `session ${record.id} exists`);
    const tempDir = join(this.layout.sessions, `.tmp-${record.id}`);
    await mkdirDurable(tempDir);
    await writeFileDurable(join(tempDir, 'session.json'), toJson(record));
    await renameDurable(tempDir, this.layout.sessionDir(record.id));
    this.sessionMap.set(record.id, structuredClone(record));
  }

  async saveSession(record: SessionRecord): Promise<void> {
    this.assertWritable();
    if (!this.sessionMap.has(record.id)) throw new StoreError('NOT_FOUND', `no session ${record.id}`);
    await writeFileDurable(this.layout.sessionRecord(record.id), toJson(record));
    this.sessionMap.set(record.id, structuredClone(record));
  }

  /** Appends a line to the spool's event log, for people: who submitted what, what happened when. */
  async logEvent(event: Record<string, unknown>): Promise<void> {
    this.assertWritable();
    await appendFile(this.layout.events, `${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`, { mode: PRIVATE_FILE });
  }

  /** Removes what a process killed mid-step left behind: unacknowledged uploads and temporary files. */
  private async sweep(): Promise<void> {
    for (const name of await readdir(this.layout.incoming)) await rm(join(this.layout.incoming, name), { recursive: true, force: true });
    for (const dir of [this.layout.artifacts, this.layout.sessions]) {
      for (const name of await readdir(dir)) {
        if (isTempName(name)) await rm(join(dir, name), { recursive: true, force: true });
        else if (isId(name)) await sweepTemps(join(dir, name));
      }
      await syncDir(dir);
    }
  }

  private async load(): Promise<void> {
    for (const name of await readdirIfAny(this.layout.artifacts)) if (isId(name)) await this.loadArtifact(name);
    for (const name of await readdirIfAny(this.layout.sessions)) if (isId(name)) await this.loadSession(name);
  }

  private async loadArtifact(id: string): Promise<void> {
    const record = (await readRecord(this.layout.artifactRecord(id))) as ArtifactRecord;
    if (record.id !== id || !(ARTIFACT_STATES as readonly string[]).includes(record.state)) throw corrupt(this.layout.artifactRecord(id));
    this.artifactMap.set(id, record);
  }

  private async loadSession(id: string): Promise<void> {
    const record = (await readRecord(this.layout.sessionRecord(id))) as SessionRecord;
    if (record.id !== id || !(SESSION_STATES as readonly string[]).includes(record.state)) throw corrupt(this.layout.sessionRecord(id));
    this.sessionMap.set(id, record);
  }
}

async function readdirIfAny(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function sweepTemps(dir: string): Promise<void> {
  for (const name of await readdir(dir)) if (isTempName(name)) await rm(join(dir, name), { force: true });
}

function corrupt(path: string): StoreError {
  return new StoreError('CORRUPT_RECORD', `the record ${path} is not one this version wrote; restore it from a backup or remove its directory`);
}

async function readRecord(path: string): Promise<unknown> {
  try {
    return fromJson(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new StoreError('CORRUPT_RECORD', `cannot read the record ${path}: ${(cause as Error).message}`, { cause });
  }
}

async function readMarker(root: string, options: SpoolOptions): Promise<Marker> {
  const path = join(root, 'spool.json');
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === undefined) {
    if (options.create === undefined) throw new StoreError('NOT_A_SPOOL', `${root} is not an airsign spool (no spool.json)`);
    if (!PICKUP_DIR.test(options.create.pickupDir)) throw new StoreError('NOT_A_SPOOL', `the pick-up directory must be a plain name, got "${options.create.pickupDir}"`);
    const marker: Marker = { format: FORMAT, version: VERSION, ...options.create };
    await mkdirDurable(root);
    await writeFileDurable(path, toJson(marker));
    return marker;
  }
  const marker = JSON.parse(text) as Partial<Marker>;
  if (marker.format !== FORMAT || marker.version !== VERSION || typeof marker.pickupDir !== 'string' || !PICKUP_DIR.test(marker.pickupDir) || (marker.pickupLayout !== 'flat' && marker.pickupLayout !== 'by-id')) {
    throw new StoreError('NOT_A_SPOOL', `${root}/spool.json is not an airsign spool of version ${VERSION}`);
  }
  return marker as Marker;
}
