/** `request --attestations`: the envelopes of these files (JSON lines) attached to each request written. */
import { readFile } from 'node:fs/promises';
import { parseEnvelopeJson } from '../../../protocol/attest/index.ts';
import type { DsseEnvelope } from '../../../protocol/attest/index.ts';
import { attachToRequestFile } from '../../attest/index.ts';

export async function readEnvelopeFiles(files: readonly string[]): Promise<DsseEnvelope[]> {
  const envelopes: DsseEnvelope[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const line of text.split('\n')) if (line.trim() !== '') envelopes.push(parseEnvelopeJson(line));
  }
  return envelopes;
}

export async function attachAttestationFiles(requests: readonly string[], files: readonly string[], log: (line: string) => void): Promise<void> {
  const envelopes = await readEnvelopeFiles(files);
  for (const path of requests) {
    const { attached } = await attachToRequestFile(path, { envelopes });
    log(`${path}: ${attached} attestation(s) attached to its items`);
  }
}
