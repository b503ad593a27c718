/**
 * The review as the operator reads it on the terminal: per item a line of what the online side
 * claims (name, version code and name, artifact SHA-256 in short form) with key, schemes and
 * verdict, then the line of what is signed (the content digest or .SF digest, in full), marked as
 * such, then any further claims of the item (an F-Droid index JAR's repository name, apps,
 * packages, index-v2 SHA-256), each marked CLAIMED; then the batch totals. The claims are not bound to the digest: the header says so.
 */
import { toHex } from '../../protocol/bytes.ts';
import { fdroidIndexClaimLines, itemLabel, openPgpClaimLines, releaseAssertionLines, releaseBytes } from '../../protocol/kinds/index.ts';
import { parseRelease } from '../../protocol/apt/index.ts';
import type { SigningItem } from '../../protocol/kinds/index.ts';
import type { PolicyState } from '../policy/state.ts';
import { refusedForToken } from '../signing/review.ts';
import type { Review, ReviewItem } from '../signing/review.ts';
import { signedDigests } from '../../protocol/signing/index.ts';
import { exceptionLines } from './review-groups.ts';
import { provenLines } from '../proof/index.ts';
import { approvalRejectionLines, vouchLines } from '../vouch/review-lines.ts';
import { newKeySubject } from '../signing/new-key.ts';

/** First and last 8 hex digits: enough to compare against a build's published digest by eye. */
export function shortDigest(bytes: Uint8Array): string {
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}…${hex.slice(-8)}`;
}

/** An item's claims beyond the table's columns, as "what: value" pairs. */
export function extraClaims(item: SigningItem): { readonly what: string; readonly value: string }[] {
  if (item.artifact === 'openpgp') return openPgpClaimLines(item);
  return item.artifact === 'jar' ? fdroidIndexClaimLines(item.fdroidIndex) : [];
}

/**
 * What the signed bytes themselves say, as "what: value" pairs: an apt Release file's Origin,
 * Label, Suite, Codename, Date, Valid-Until, Architectures, Components and number of index files
 * (read here from the file that is signed, so not claims). Empty for other kinds and for a file
 * that does not parse (its item is refused for it).
 */
export function signedAssertions(item: SigningItem): { readonly what: string; readonly value: string }[] {
  if (item.artifact !== 'apt-release') return [];
  try {
    return releaseAssertionLines(parseRelease(releaseBytes(item)));
  } catch {
    return [];
  }
}

function keyName(r: ReviewItem): string {
  if (r.newKey !== undefined) return `NEW KEY ${r.newKey.alias}`;
  if (r.key !== undefined) return `${r.key.label} (${r.fingerprint!.slice(0, 8)})`;
  return r.fingerprint === undefined ? '(no key)' : `unknown (${r.fingerprint.slice(0, 8)})`;
}

function cell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

export interface ReviewSummary {
  readonly total: number;
  readonly toSign: number;
  readonly refused: number;
  readonly reasons: ReadonlyMap<string, number>;
  readonly keys: ReadonlyMap<string, number>;
}

export function summarize(review: Review): ReviewSummary {
  const reasons = new Map<string, number>();
  const keys = new Map<string, number>();
  let toSign = 0;
  for (const r of review.items) {
    if (r.verdict.allowed) {
      toSign++;
      keys.set(keyName(r), (keys.get(keyName(r)) ?? 0) + 1);
    } else {
      reasons.set(r.verdict.reason, (reasons.get(r.verdict.reason) ?? 0) + 1);
    }
  }
  return { total: review.items.length, toSign, refused: review.items.length - toSign, reasons, keys };
}

/** With the signer's policy state, the lines end with the review by exception (review-groups.ts). */
export function reviewLines(review: Review, state?: PolicyState): string[] {
  const age = review.now - review.request.issuedAt;
  const issued = new Date(review.request.issuedAt * 1000).toISOString().replace('.000Z', 'Z');
  const lines = [
    `Request ${shortDigest(review.requestDigest)}, issued ${issued} (${age >= 0 ? `${age} s ago` : `${-age} s in the future`}), ${review.items.length} item(s)`,
    'CLAIMED: name, version and sha256 are what the online side says, as is each CLAIMED line; nothing checks them against what is signed.',
    'SIGNED:  each SIGNED line is the digest the signatures cover; compare it with the digest the build published.',
    'PROVEN:  each PROVEN line the signer read itself from the APK\'s AndroidManifest.xml, in bytes that give the SIGNED digest: a fact, not a claim.',
    ...(review.items.some((r) => r.item.artifact === 'apt-release')
      ? ['apt:     an apt Release file is signed whole: its name, Date, suite and sha256 are checked against it, and its SIGNED Release lines are read from it.']
      : []),
    '',
    `${cell('#', 5)}${cell('name (claimed)', 34)}${cell('version (claimed)', 24)}${cell('sha256 (claimed)', 19)}${cell('key', 28)}${cell('schemes', 9)}verdict`,
  ];
  for (const r of review.items) {
    const verdict = r.verdict.allowed ? 'SIGN' : `REFUSE ${r.verdict.reason}: ${r.verdict.detail}`;
    lines.push(
      `${cell(String(r.index + 1), 5)}${cell(`${r.item.name} [${r.item.artifact}]`, 34)}${cell(`${itemLabel(r.item).order} (${itemLabel(r.item).version})`, 24)}` +
        `${cell(shortDigest(r.item.sha256), 19)}${cell(keyName(r), 28)}${cell(r.item.schemes.join(','), 9)}${verdict}`,
    );
    if (r.newKey !== undefined) lines.push(`${cell('', 5)}NEW KEY: alias ${r.newKey.alias}, type ${r.newKey.keyType}, for package ${r.newKey.package}: made in the token when signed (certificate subject "${newKeySubject(r.newKey)}")`);
    for (const d of signedDigests(r.item)) lines.push(`${cell('', 5)}SIGNED ${d.schemes}: ${d.what} ${d.hex}`);
    for (const a of signedAssertions(r.item)) lines.push(`${cell('', 5)}SIGNED Release ${a.what}: ${a.value}`);
    for (const c of extraClaims(r.item)) lines.push(`${cell('', 5)}CLAIMED ${c.what}: ${c.value}`);
    if (r.proven !== undefined) for (const p of provenLines(r.proven)) lines.push(`${cell('', 5)}PROVEN ${p.what}: ${p.value}`);
    else if (r.item.artifact === 'apk') lines.push(`${cell('', 5)}CLAIMED by the online side: package and versionCode (no manifest proof)`);
    lines.push(...vouchLines(r.vouch, cell('', 5)));
  }
  lines.push(...approvalRejectionLines(review.items[0]?.vouch));
  const s = summarize(review);
  lines.push('', `Batch: ${s.total} item(s): ${s.toSign} to sign, ${s.refused} refused by policy.`);
  for (const [key, n] of s.keys) lines.push(`  key ${key}: ${n} item(s)`);
  for (const [reason, n] of s.reasons) lines.push(`  refused ${reason}: ${n}`);
  for (const r of review.items) {
    if (!r.verdict.allowed && refusedForToken(r.verdict)) lines.push(`  item ${r.index + 1} refused because of the token: ${r.verdict.detail}`);
  }
  if (state !== undefined) lines.push(...exceptionLines(review, state));
  return lines;
}
