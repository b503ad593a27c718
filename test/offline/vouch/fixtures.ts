/**
 * Requests, statements and envelopes for the vouching tests. Envelopes come from outside airsign
 * (make-envelope.py: securesystemslib's signers, the statement serialized by Python) or from
 * airsign's own attest code; approvals from ssh-keygen.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnvelopeJson, PREDICATE_TYPE, STATEMENT_TYPE, unarmorSshSignature } from '../../../protocol/attest/index.ts';
import type { CarriedApproval, CarriedEnvelope, DsseEnvelope } from '../../../protocol/attest/index.ts';
import { toHex } from '../../../protocol/bytes.ts';
import type { SigningItem, SigningRequest } from '../../../protocol/messages/index.ts';
import { PROTOCOL_VERSION } from '../../../protocol/version.ts';
import { parsePolicy } from '../../../offline/policy/load.ts';
import type { Policy } from '../../../offline/policy/schema.ts';

const SCRIPT = join(import.meta.dirname, 'make-envelope.py');
export const PYTHON = '/usr/bin/python3';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'airsign-vouch-'));
}

export function apkItem(name: string, versionCode: number, options: { contentDigest?: Uint8Array; sha256?: Uint8Array } = {}): SigningItem {
  return {
    key: 0, artifact: 'apk', name, versionCode, versionName: `${versionCode}.0`, sha256: options.sha256 ?? new Uint8Array(randomBytes(32)), schemes: ['v2', 'v3'],
    v2v3: { contentDigest: options.contentDigest ?? new Uint8Array(randomBytes(32)), v3MinSdk: 28, v3MaxSdk: 2147483647 },
  };
}

export function requestOf(items: SigningItem[], vouch?: SigningRequest['vouch']): SigningRequest {
  return { v: PROTOCOL_VERSION, kind: 'request', requestId: new Uint8Array(randomBytes(16)), issuedAt: Math.floor(Date.now() / 1000), keys: [new Uint8Array(32).fill(7)], items, ...(vouch === undefined ? {} : { vouch }) };
}

/** The statement an honest rebuilder makes of an item, as a JSON object; `change` alters it. */
export function statementOf(item: SigningItem, change: (s: Record<string, unknown>, p: Record<string, unknown>) => void = () => {}): Record<string, unknown> {
  if (item.artifact !== 'apk') throw new Error('apk items only');
  const predicate: Record<string, unknown> = {
    artifact: 'apk', name: item.name, versionCode: item.versionCode, source: 'git+https://example.org/app.git@0123abc', rounds: 1,
    digests: [{ round: 1, schemes: 'v2+v3', digest: toHex(item.v2v3!.contentDigest) }],
  };
  const statement: Record<string, unknown> = { _type: STATEMENT_TYPE, subject: [{ name: `${item.name}.apk`, digest: { sha256: toHex(item.sha256) } }], predicateType: PREDICATE_TYPE, predicate };
  change(statement, predicate);
  return statement;
}

export interface PythonKey {
  readonly file: string;
  /** Base64 SPKI DER, as the policy pins it. */
  readonly spki: string;
}

export function pythonKey(type: 'ed25519' | 'ecdsa' | 'rsa', dir: string): PythonKey {
  const file = join(dir, `${type}-${toHex(randomBytes(4))}.json`);
  const spki = execFileSync(PYTHON, [SCRIPT, 'keygen', type, file], { encoding: 'utf8' }).trim();
  return { file, spki };
}

/** An envelope made by securesystemslib's signers over a statement serialized by Python. */
export function pythonEnvelope(statement: unknown, keys: readonly PythonKey[]): DsseEnvelope {
  return parseEnvelopeJson(execFileSync(PYTHON, [SCRIPT, 'sign', ...keys.map((k) => k.file)], { input: JSON.stringify(statement), encoding: 'utf8' }));
}

export function carried(item: number, envelope: DsseEnvelope): CarriedEnvelope {
  return { item, payloadType: envelope.payloadType, payload: envelope.payload, signatures: envelope.signatures.map((s) => ({ ...(s.keyid === undefined ? {} : { keyid: s.keyid }), sig: s.sig })) };
}

export function policyWith(extra: Record<string, unknown>): Policy {
  return parsePolicy(JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['*'], artifacts: ['apk'] }], ...extra }));
}

export interface SshKey {
  readonly file: string;
  /** "type base64" of the public key. */
  readonly publicKey: string;
}

export function sshKey(dir: string, type: 'ed25519' | 'ecdsa' | 'rsa', name: string): SshKey {
  const file = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', type, ...(type === 'ecdsa' ? ['-b', '256'] : type === 'rsa' ? ['-b', '3072'] : []), '-N', '', '-C', name, '-f', file]);
  return { file, publicKey: readFileSync(`${file}.pub`, 'utf8').trim().split(/\s+/).slice(0, 2).join(' ') };
}

export function allowedSigner(principal: string, key: SshKey, options = 'namespaces="airsign-request"'): string {
  return `${principal} ${options} ${key.publicKey}`;
}

/** `ssh-keygen -Y sign` over `message`, in `namespace`; the .sig file's blob. */
export function sshSign(key: SshKey, message: Uint8Array, namespace = 'airsign-request'): Uint8Array {
  const dir = tempDir();
  const file = join(dir, 'message');
  execFileSync('sh', ['-c', 'cat > "$1"', 'sh', file], { input: message });
  execFileSync('ssh-keygen', ['-q', '-Y', 'sign', '-n', namespace, '-f', key.file, file], { stdio: 'pipe' });
  return unarmorSshSignature(readFileSync(`${file}.sig`, 'utf8'));
}

export function approvalOf(key: SshKey, digest: Uint8Array, namespace?: string): CarriedApproval {
  return { requestDigest: digest, sshsig: sshSign(key, digest, namespace) };
}
