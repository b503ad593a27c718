/**
 * Attestations and approvals attached to a request: each envelope to every item whose artifact
 * SHA-256 is a subject of its statement, with envelopes of byte-identical payloads merged into one
 * carrying every signature (two rebuilders running `airsign attest` on the same build write the
 * same statement, so the second attestation costs a signature only). Attaching never changes the
 * request's approval digest, which leaves `vouch` out.
 */
import { bytesEqual, toHex } from '../../protocol/bytes.ts';
import { parseStatement } from '../../protocol/attest/index.ts';
import type { CarriedApproval, CarriedEnvelope, DsseEnvelope } from '../../protocol/attest/index.ts';
import type { SigningRequest } from '../../protocol/messages/index.ts';

function subjectsOf(envelope: DsseEnvelope): Set<string> {
  try {
    return new Set(parseStatement(envelope.payload).subject.map((s) => s.digest.sha256?.toLowerCase() ?? ''));
  } catch {
    return new Set();
  }
}

function mergeEnvelope(list: CarriedEnvelope[], item: number, envelope: DsseEnvelope): void {
  const same = list.find((c) => c.item === item && c.payloadType === envelope.payloadType && bytesEqual(c.payload, envelope.payload));
  const signatures = envelope.signatures.map((s) => ({ ...(s.keyid === undefined ? {} : { keyid: s.keyid }), sig: s.sig }));
  if (same === undefined) {
    list.push({ item, payloadType: envelope.payloadType, payload: envelope.payload, signatures });
    return;
  }
  for (const s of signatures) if (!same.signatures.some((t) => bytesEqual(t.sig, s.sig))) same.signatures.push(s);
}

export interface Attachment {
  readonly envelopes?: readonly DsseEnvelope[];
  readonly approvals?: readonly CarriedApproval[];
}

/** The request with these attached; `attached` counts the item envelopes added or merged. */
export function attachVouch(request: SigningRequest, add: Attachment): { request: SigningRequest; attached: number } {
  const attestations = (request.vouch?.attestations ?? []).map((c) => ({ ...c, signatures: [...c.signatures] }));
  const approvals = [...(request.vouch?.approvals ?? [])];
  let attached = 0;
  for (const envelope of add.envelopes ?? []) {
    const subjects = subjectsOf(envelope);
    request.items.forEach((item, index) => {
      if (!subjects.has(toHex(item.sha256))) return;
      mergeEnvelope(attestations, index, envelope);
      attached++;
    });
  }
  for (const a of add.approvals ?? []) if (!approvals.some((b) => bytesEqual(a.sshsig, b.sshsig))) approvals.push(a);
  const vouch = { ...(attestations.length === 0 ? {} : { attestations }), ...(approvals.length === 0 ? {} : { approvals }) };
  return { request: { ...request, ...(Object.keys(vouch).length === 0 ? {} : { vouch }) }, attached };
}
