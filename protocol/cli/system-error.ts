/**
 * Errors of the operating system (Node's `code`/`syscall`/`path` errors) as one line in words:
 * what could not be done to which file or port, and what to do. Reads only the error's fields, so
 * it stays free of Node-only code.
 */
interface SystemErrorFields {
  readonly code: string;
  readonly syscall: string;
  readonly path?: string;
  readonly dest?: string;
  readonly address?: string;
  readonly port?: number;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory; check the path',
  EACCES: 'permission denied; check its owner and mode',
  EPERM: 'not permitted; check its owner and mode',
  EISDIR: 'it is a directory; give a file',
  ENOTDIR: 'a part of the path is not a directory; check the path',
  EEXIST: 'it already exists; remove it or choose another name',
  ENOTEMPTY: 'the directory is not empty; choose an empty one',
  ENOSPC: 'no space left on the device; free some',
  EROFS: 'the file system is read-only; choose another place',
  EMFILE: 'too many open files; raise the limit (ulimit -n)',
};

const VERBS: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  scandir: 'list',
  opendir: 'list',
  stat: 'read',
  lstat: 'read',
  mkdir: 'create the directory',
  rmdir: 'remove the directory',
  unlink: 'remove',
  rename: 'rename',
  copyfile: 'copy',
  access: 'read',
  realpath: 'find',
};

function fieldsOf(error: unknown): SystemErrorFields | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as Partial<Record<keyof SystemErrorFields, unknown>>;
  if (typeof e.code !== 'string' || typeof e.syscall !== 'string' || !/^E[A-Z]+$/.test(e.code)) return undefined;
  return error as SystemErrorFields;
}

/** What an operating system error means and what to do ("no such file or directory; check the path"), or undefined if `error` is not one. */
export function systemReason(error: unknown): string | undefined {
  const e = fieldsOf(error);
  return e === undefined ? undefined : (REASONS[e.code] ?? e.code);
}

/** One line for an operating system error, or undefined if `error` is not one. `hasPortOption`: the command takes --port. */
export function systemErrorLine(error: unknown, hasPortOption: boolean): string | undefined {
  const e = fieldsOf(error);
  if (e === undefined) return undefined;
  if (e.syscall === 'listen' || e.syscall === 'bind') {
    const where = `${e.address ?? 'the address'}${e.port === undefined ? '' : `:${e.port}`}`;
    const fix = hasPortOption ? 'choose another with --port (0 picks a free one)' : 'choose another port in the config (listen.port)';
    if (e.code === 'EADDRINUSE') return `port in use: ${where} is taken by another program; stop it, or ${fix}`;
    if (e.code === 'EACCES') return `cannot listen on ${where}: permission denied (ports below 1024 need root); ${fix}`;
    return `cannot listen on ${where}: ${e.code}; ${fix}`;
  }
  const reason = REASONS[e.code] ?? `${e.code}`;
  const verb = VERBS[e.syscall] ?? e.syscall;
  const target = e.path === undefined ? '' : ` ${e.path}${e.dest === undefined ? '' : ` to ${e.dest}`}`;
  return `cannot ${verb}${target}: ${reason}`;
}
