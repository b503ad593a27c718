/**
 * fdroidserver's config.yml, read and edited line by line so the maintainer's settings, comments
 * and order stay as they are. Only what airsign needs is understood: top-level `key: value` lines
 * and the `keyaliases` mapping (block or flow style); `fdroid init`'s keystore settings are taken
 * out, since with the key in the HSM `fdroid update --nosign` must find `repo_pubkey` and no
 * keystore.
 */
import { FdroidError } from './errors.ts';

/** What `fdroid init` writes for a keystore on disk; none of it may stay (keystorepass is a secret). */
export const KEYSTORE_SETTINGS = ['repo_keyalias', 'keystore', 'keystorepass', 'keypass', 'keydname', 'smartcardoptions'] as const;
const SECRET = new Set(['keystorepass', 'keypass']);
const TOP_KEY = /^([A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s+(.*?))?\s*$/;

function unquote(value: string, what: string): string {
  const v = value.replace(/\s+#.*$/, '').trim();
  if (v.startsWith('"')) {
    if (!v.endsWith('"') || v.length < 2) throw new FdroidError('CONFIG_UNREADABLE', `config.yml: ${what} has an unterminated quote`);
    return JSON.parse(v) as string;
  }
  if (v.startsWith("'")) {
    if (!v.endsWith("'") || v.length < 2) throw new FdroidError('CONFIG_UNREADABLE', `config.yml: ${what} has an unterminated quote`);
    return v.slice(1, -1).replace(/''/g, "'");
  }
  return v;
}

/** The top-level keys set in config.yml, each with its line index. */
function topLevel(lines: readonly string[]): Map<string, { line: number; value: string }> {
  const keys = new Map<string, { line: number; value: string }>();
  lines.forEach((line, i) => {
    const m = TOP_KEY.exec(line);
    if (m !== null) keys.set(m[1]!, { line: i, value: m[2] ?? '' });
  });
  return keys;
}

/** config.yml's `keyaliases`: app id -> alias (or "@other.app"). */
export function readKeyAliases(text: string): Map<string, string> {
  const lines = text.split(/\r?\n/);
  const entry = topLevel(lines).get('keyaliases');
  const aliases = new Map<string, string>();
  if (entry === undefined) return aliases;
  const put = (key: string, value: string) => {
    const k = unquote(key, 'a keyaliases key');
    if (aliases.has(k)) throw new FdroidError('CONFIG_UNREADABLE', `config.yml: keyaliases names ${k} twice`);
    aliases.set(k, unquote(value, `keyaliases.${k}`));
  };
  const inline = entry.value.replace(/\s+#.*$/, '').trim();
  if (inline.startsWith('{')) {
    if (!inline.endsWith('}')) throw new FdroidError('CONFIG_UNREADABLE', 'config.yml: keyaliases is a flow mapping split over lines; write it one "app: alias" a line');
    for (const pair of inline.slice(1, -1).split(',').filter((p) => p.trim() !== '')) {
      const m = /^\s*("[^"]*"|'[^']*'|[^:]+?)\s*:\s*(.+?)\s*$/.exec(pair);
      if (m === null) throw new FdroidError('CONFIG_UNREADABLE', `config.yml: cannot read keyaliases entry "${pair.trim()}"`);
      put(m[1]!, m[2]!);
    }
    return aliases;
  }
  if (inline !== '' && inline !== '{}') throw new FdroidError('CONFIG_UNREADABLE', 'config.yml: keyaliases must be a mapping of app id to alias');
  for (let i = entry.line + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (!/^\s/.test(line)) break;
    const m = /^\s+("[^"]*"|'[^']*'|[^\s:#][^:]*?)\s*:\s+(.+?)\s*$/.exec(line);
    if (m === null) throw new FdroidError('CONFIG_UNREADABLE', `config.yml line ${i + 1}: cannot read keyaliases entry "${line.trim()}"`);
    put(m[1]!, m[2]!);
  }
  return aliases;
}

export interface ConfigEdit {
  readonly text: string;
  /** What changed, a line each, for the maintainer (no secret values). */
  readonly changes: string[];
}

/** Sets repo_pubkey (hex DER) and takes the keystore settings out; the rest stays byte for byte. */
export function editConfigForAirsign(text: string, repoPubkeyHex: string, fingerprint: string): ConfigEdit {
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const keys = topLevel(lines);
  const changes: string[] = [];
  const drop = new Set<number>();
  for (const name of KEYSTORE_SETTINGS) {
    const entry = keys.get(name);
    if (entry === undefined) continue;
    drop.add(entry.line);
    // A block value (smartcardoptions' list) continues on indented lines.
    for (let i = entry.line + 1; i < lines.length && /^\s+\S/.test(lines[i]!) && !/^\s*#/.test(lines[i]!); i++) drop.add(i);
    changes.push(SECRET.has(name) ? `removed ${name} (a secret; not shown)` : `removed ${name}: ${unquote(entry.value, name)}`);
  }
  const pubkeyLine = `repo_pubkey: ${repoPubkeyHex}`;
  const existing = keys.get('repo_pubkey');
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (drop.has(i)) return;
    if (existing !== undefined && i === existing.line) {
      if (unquote(existing.value, 'repo_pubkey').toLowerCase() !== repoPubkeyHex) changes.push(`replaced repo_pubkey with the certificate SHA-256 ${fingerprint}`);
      out.push(pubkeyLine);
      return;
    }
    out.push(line);
  });
  if (existing === undefined) {
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    out.push('', "# The repository's signing certificate (DER, hex). Its key is in the airsign signer's HSM:", '# `fdroid update --nosign`, then `airsign fdroid index` signs the index.', pubkeyLine, '');
    changes.push(`set repo_pubkey to the certificate SHA-256 ${fingerprint}`);
  }
  return { text: out.join(newline), changes };
}
