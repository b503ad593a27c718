/**
 * What an approver is shown of a request before they sign its approval digest: per item the
 * name, version, artifact SHA-256, key, every digest that will be signed, and which rebuilders'
 * attestations are attached (their key ids and the source they name: the signer checks them
 * against its pinned keys; here they are what the attestations say).
 */
import { parseStatement, PREDICATE_TYPE, SigningDigestsPredicate } from '../../protocol/attest/index.ts';
import { toHex } from '../../protocol/bytes.ts';
import { itemLabel } from '../../protocol/kinds/index.ts';
import type { SigningRequest } from '../../protocol/messages/index.ts';
import { signedDigestLines } from '../../protocol/signing/index.ts';

function attestedBy(request: SigningRequest, index: number): string[] {
  const out: string[] = [];
  for (const e of request.vouch?.attestations ?? []) {
    if (e.item !== index) continue;
    let source = '?';
    try {
      const s = parseStatement(e.payload);
      const p = s.predicateType === PREDICATE_TYPE ? SigningDigestsPredicate.safeParse(s.predicate) : undefined;
      if (p?.success === true) source = p.data.source;
    } catch {
      source = 'unreadable statement';
    }
    for (const sig of e.signatures) out.push(`${sig.keyid ?? '(no keyid)'} from ${source}`);
  }
  return out;
}

export function approvalLines(request: SigningRequest, digest: Uint8Array): string[] {
  const lines = [`Request ${toHex(digest)} (approval digest), issued ${new Date(request.issuedAt * 1000).toISOString()}, ${request.items.length} item(s), ${request.vouch?.approvals?.length ?? 0} approval(s) so far`];
  request.items.forEach((item, i) => {
    const label = itemLabel(item);
    lines.push(`${i + 1}. ${label.noun} ${label.name} ${label.orderName} ${label.order}${label.version === '' ? '' : ` (${label.version})`}, sha256 ${toHex(item.sha256)}, key sha256:${toHex(request.keys[item.key] ?? new Uint8Array())}`);
    for (const l of signedDigestLines(item)) lines.push(`   ${l}`);
    const by = attestedBy(request, i);
    lines.push(by.length === 0 ? '   attested by: nobody' : `   attested by: ${by.join('; ')}`);
  });
  return lines;
}
