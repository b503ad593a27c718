/** Where everything lives in a spool directory. Every id that reaches a path is checked first. */
import { join } from 'node:path';
import { StoreError } from './errors.ts';

/** Ids sort by creation time: 9 base-36 digits of milliseconds, then 6 hex digits of randomness. */
const ID = /^[0-9a-z]{9}[0-9a-f]{6}$/;

export function isId(id: string): boolean {
  return ID.test(id);
}

export function assertId(id: string): void {
  if (!isId(id)) throw new StoreError('NOT_FOUND', `"${id}" is not an artifact or session id`);
}

/** How signed files are laid out for pick-up: per artifact (a server) or by file name (one person's session). */
export type PickupLayout = 'by-id' | 'flat';

export interface SpoolLayout {
  readonly root: string;
  readonly marker: string;
  readonly events: string;
  readonly incoming: string;
  readonly certs: string;
  readonly artifacts: string;
  readonly sessions: string;
  readonly pickup: string;
  artifactDir(id: string): string;
  artifactRecord(id: string): string;
  /** The artifact as submitted. */
  artifactInput(id: string): string;
  /** The file assembled in a round; the input of the next round. */
  artifactRoundOutput(id: string, round: number): string;
  sessionDir(id: string): string;
  sessionRecord(id: string): string;
  sessionRequest(id: string): string;
  sessionResponse(id: string): string;
  pickupFile(id: string, fileName: string): string;
}

export function spoolLayout(root: string, pickupDir: string, pickupLayout: PickupLayout): SpoolLayout {
  const artifacts = join(root, 'artifacts');
  const sessions = join(root, 'sessions');
  const pickup = join(root, pickupDir);
  const artifactDir = (id: string) => {
    assertId(id);
    return join(artifacts, id);
  };
  const sessionDir = (id: string) => {
    assertId(id);
    return join(sessions, id);
  };
  return {
    root,
    marker: join(root, 'spool.json'),
    events: join(root, 'events.log'),
    incoming: join(root, 'incoming'),
    certs: join(root, 'certs'),
    artifacts,
    sessions,
    pickup,
    artifactDir,
    artifactRecord: (id) => join(artifactDir(id), 'record.json'),
    artifactInput: (id) => join(artifactDir(id), 'input'),
    artifactRoundOutput: (id, round) => join(artifactDir(id), `round-${round}`),
    sessionDir,
    sessionRecord: (id) => join(sessionDir(id), 'session.json'),
    sessionRequest: (id) => join(sessionDir(id), 'request.msg'),
    sessionResponse: (id) => join(sessionDir(id), 'response.msg'),
    pickupFile: (id, fileName) => (pickupLayout === 'flat' ? join(pickup, fileName) : join(pickup, artifactDir(id).slice(artifacts.length + 1), fileName)),
  };
}
