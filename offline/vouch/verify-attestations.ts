/**
 * The attestations carried for one item, checked against the pinned rebuilder keys: each
 * envelope's signatures over PAE, then its statement (in-toto v1), its subject (the item's
 * artifact SHA-256), its predicate (airsign's signing-digests), the claims (kind, name, version
 * code) and every digest the item asks to have signed. Counts distinct pinned keys; a key that
 * attests twice counts once (ATTESTATION_DUPLICATE_SIGNER).
 */
import { createHash } from 'node:crypto';
import { toHex } from '../../protocol/bytes.ts';
import { PREDICATE_TYPE, parseStatement, SigningDigestsPredicate } from '../../protocol/attest/index.ts';
import type { CarriedEnvelope } from '../../protocol/attest/index.ts';
import { itemSignedDigests, policySubject } from '../../protocol/kinds/index.ts';
import type { SigningItem } from '../../protocol/messages/index.ts';
import type { AttestationCode, Rejection } from './codes.ts';
import type { RebuilderKey } from './rebuilder-keys.ts';
import { dsseSignatureValid } from './verify-envelope.ts';

export interface Attester {
  readonly id: string;
  readonly name: string;
  /** SHA-256 of the envelope's payload (the statement as signed): what the audit record names. */
  readonly statement: string;
  /** The source the rebuilder says it built from. */
  readonly source: string;
}

export interface ItemAttestations {
  readonly attesters: readonly Attester[];
  readonly rejections: readonly Rejection<AttestationCode>[];
}

type Checked = { ok: true; source: string } | { ok: false; rejection: Rejection<AttestationCode> };
const no = (code: AttestationCode, detail: string): Checked => ({ ok: false, rejection: { code, detail: detail.slice(0, 200) } });

/** What the statement says, against the item; the same for every signature of the envelope. */
function checkStatement(envelope: CarriedEnvelope, item: SigningItem): Checked {
  if (envelope.payloadType !== 'application/vnd.in-toto+json') return no('ATTESTATION_WRONG_PREDICATE', `payload type ${envelope.payloadType.slice(0, 60)} is not in-toto`);
  let statement;
  try {
    statement = parseStatement(envelope.payload);
  } catch (error) {
    return no('ATTESTATION_MALFORMED', error instanceof Error ? error.message : 'not a statement');
  }
  const sha = toHex(item.sha256);
  if (!statement.subject.some((s) => s.digest.sha256?.toLowerCase() === sha)) return no('ATTESTATION_WRONG_SUBJECT', `no subject has the item's SHA-256 ${sha.slice(0, 16)}…`);
  if (statement.predicateType !== PREDICATE_TYPE) return no('ATTESTATION_WRONG_PREDICATE', `predicate type ${statement.predicateType.slice(0, 80)}`);
  const parsed = SigningDigestsPredicate.safeParse(statement.predicate);
  if (!parsed.success) return no('ATTESTATION_WRONG_PREDICATE', `the predicate does not parse: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`);
  const p = parsed.data;
  const subject = policySubject(item);
  if (p.artifact !== item.artifact || p.name !== subject.name || p.versionCode !== subject.order) {
    return no('ATTESTATION_WRONG_CLAIM', `attested ${p.artifact} ${p.name} ${p.versionCode}, the item claims ${item.artifact} ${subject.name} ${subject.order}`);
  }
  // Nothing of an APK that takes two rounds is signed under attestation: its second round cannot be attested (docs/threat-model.md).
  if (p.rounds === 2) return no('ATTESTATION_SECOND_ROUND', 'it takes two rounds (v1, then v2+v3 over the v1 signature), and no rebuilder can attest the second: sign it in one round (request --schemes v2,v3, or v1)');
  for (const d of itemSignedDigests(item)) {
    if (p.digests.some((a) => a.schemes === d.schemes && a.digest === d.hex)) continue;
    return no('ATTESTATION_WRONG_DIGEST', `the item asks to sign ${d.schemes} ${d.hex.slice(0, 16)}…, which the rebuilder did not compute`);
  }
  return { ok: true, source: p.source };
}

export function verifyItemAttestations(item: SigningItem, envelopes: readonly CarriedEnvelope[], keys: readonly RebuilderKey[], now: number): ItemAttestations {
  const attesters: Attester[] = [];
  const rejections: Rejection<AttestationCode>[] = [];
  for (const envelope of envelopes) {
    const statement = createHash('sha256').update(envelope.payload).digest('hex');
    const checked = checkStatement(envelope, item);
    for (const signature of envelope.signatures) {
      // Key ids are only hints (other tools name keys their own way): every pinned key is tried, the one named first.
      const ordered = signature.keyid === undefined ? keys : [...keys.filter((k) => k.id === signature.keyid), ...keys.filter((k) => k.id !== signature.keyid)];
      const key = ordered.find((k) => dsseSignatureValid(k, envelope.payloadType, envelope.payload, signature.sig));
      if (key === undefined) {
        // An airsign key id ("sha256:" of the SPKI) that no pinned key has says whose it is; any other failure is a bad signature.
        const unknown = signature.keyid !== undefined && /^sha256:[0-9a-f]{64}$/.test(signature.keyid) && !keys.some((k) => k.id === signature.keyid);
        rejections.push({ code: unknown ? 'ATTESTATION_UNKNOWN_KEY' : 'ATTESTATION_BAD_SIGNATURE', detail: unknown ? `key ${signature.keyid!.slice(0, 23)}… is not a pinned rebuilder` : `no pinned rebuilder key verifies a signature${signature.keyid === undefined ? '' : ` (keyid ${signature.keyid.slice(0, 40)})`}` });
        continue;
      }
      if (!checked.ok) {
        rejections.push({ code: checked.rejection.code, detail: `${key.name}: ${checked.rejection.detail}` });
        continue;
      }
      if (key.notAfter !== undefined && now > key.notAfter) {
        rejections.push({ code: 'ATTESTATION_KEY_EXPIRED', detail: `${key.name}'s key expired ${new Date(key.notAfter * 1000).toISOString()}` });
        continue;
      }
      if (attesters.some((a) => a.id === key.id)) {
        rejections.push({ code: 'ATTESTATION_DUPLICATE_SIGNER', detail: `${key.name} attested twice; counted once` });
        continue;
      }
      attesters.push({ id: key.id, name: key.name, statement, source: checked.source });
    }
  }
  return { attesters, rejections };
}
