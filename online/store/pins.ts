/**
 * Pinned certificates: the only certificates signatures are checked against. Each is stored as
 * certs/<sha256>.json in the spool; requests name keys by that SHA-256.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileDurable } from '../../node/durable.ts';
import { StoreError } from './errors.ts';
import { fromJson, toJson } from './json.ts';
import type { SpoolLayout } from './layout.ts';

export interface PinnedCertificate {
  /** SHA-256 of the DER certificate, hex (lower case). */
  readonly sha256: string;
  readonly der: Uint8Array;
  /** The key's label on the token, or the certificate's subject for a PEM. */
  readonly label: string;
  /** PKCS#11 URI of the key, when the certificate came from the key ceremony. */
  readonly keyUri?: string;
  readonly subject: string;
  /** Validity end, ISO 8601, for people. */
  readonly notAfter: string;
  readonly addedAt: number;
  /**
   * The creation time (seconds) of the key's OpenPGP form, from the OpenPGP certificate the key
   * ceremony exported (`airsign-signer export-openpgp`): part of its fingerprint, so OpenPGP and apt
   * Release items carry it. Absent until a certificate was given (`airsign openpgp sign --key`,
   * `airsign apt sign --key`).
   */
  readonly openpgpCreated?: number;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function pinPath(layout: SpoolLayout, sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new StoreError('NOT_FOUND', `"${sha256}" is not a certificate SHA-256 (64 lower-case hex digits)`);
  return join(layout.certs, `${sha256}.json`);
}

export async function savePin(layout: SpoolLayout, pin: PinnedCertificate): Promise<void> {
  await writeFileDurable(pinPath(layout, pin.sha256), toJson(pin));
}

export async function loadPin(layout: SpoolLayout, sha256: string): Promise<PinnedCertificate | undefined> {
  try {
    return fromJson(await readFile(pinPath(layout, sha256), 'utf8')) as PinnedCertificate;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export async function listPins(layout: SpoolLayout): Promise<PinnedCertificate[]> {
  const names = (await readdir(layout.certs)).filter((n) => /^[0-9a-f]{64}\.json$/.test(n)).sort();
  const pins: PinnedCertificate[] = [];
  for (const name of names) {
    const pin = await loadPin(layout, name.slice(0, 64));
    if (pin !== undefined) pins.push(pin);
  }
  return pins;
}
