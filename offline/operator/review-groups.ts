/**
 * Review by exception: each item of a review sorted by what the signer knows from its own state
 * (the versions each key has signed), so the operator reads the few items that need a look in
 * full and the routine ones as a count. Both the terminal review and the signer page use this.
 */
import { itemLabel, unknownKind } from '../../protocol/kinds/index.ts';
import { rollbackSubject } from '../policy/evaluate.ts';
import type { PolicyState } from '../policy/state.ts';
import type { ReviewItem, Review } from '../signing/review.ts';

/** A version code more than this above the highest signed is a jump worth a look. */
export const VERSION_JUMP = 100;

export type GroupKind = 'refused' | 'key-changed' | 'new-package' | 'version-jump' | 'index-jar' | 'openpgp' | 'apt-release' | 'routine';

/** Exceptions first, in this order; routine last. */
export const GROUP_ORDER: readonly GroupKind[] = ['refused', 'key-changed', 'new-package', 'version-jump', 'index-jar', 'openpgp', 'apt-release', 'routine'];

export const GROUP_TITLES: Readonly<Record<GroupKind, string>> = {
  refused: 'Refused',
  'key-changed': 'Key new or changed for the package',
  'new-package': 'New package for this key',
  'version-jump': 'Version jump',
  'index-jar': 'F-Droid index JARs',
  openpgp: 'OpenPGP detached signatures',
  'apt-release': 'apt Release files (InRelease and Release.gpg)',
  routine: 'Routine: the next version of a package this key has signed',
};

export interface GroupedItem {
  readonly item: ReviewItem;
  readonly kind: GroupKind;
  /** Why it is in its group, in words (a refusal's full reason). */
  readonly why: string;
}

export interface ReviewGroup {
  readonly kind: GroupKind;
  readonly title: string;
  readonly items: readonly GroupedItem[];
}

export function groupOf(r: ReviewItem, state: PolicyState): GroupedItem {
  if (!r.verdict.allowed) return { item: r, kind: 'refused', why: `${r.verdict.reason}: ${r.verdict.detail}` };
  switch (r.item.artifact) {
    case 'jar': return { item: r, kind: 'index-jar', why: 'an index JAR: the repository signs its catalogue with this' };
    case 'openpgp': return { item: r, kind: 'openpgp', why: 'an OpenPGP detached signature over a file' };
    case 'apk': break;
    case 'apt-release': return { item: r, kind: 'apt-release', why: `suite ${r.item.suite}, Date ${new Date(r.item.date * 1000).toISOString()}: the repository signs its index with this` };
    default: return unknownKind(r.item);
  }
  if (r.newKey !== undefined) {
    const others = state.keysThatSigned(rollbackSubject(r.item).subject);
    const before = others.length > 0 ? `; ${r.item.name} was signed before with ${others.map((k) => k.slice(0, 8)).join(', ')}` : '';
    return { item: r, kind: 'key-changed', why: `NEW KEY ${r.newKey.alias} (${r.newKey.keyType}) to be made in the token for it${before}` };
  }
  const key = r.fingerprint!;
  const { subject, order } = rollbackSubject(r.item);
  const highest = state.highestSigned(key, subject);
  if (highest === undefined) {
    const others = state.keysThatSigned(subject).filter((k) => k !== key);
    if (others.length > 0) return { item: r, kind: 'key-changed', why: `${r.item.name} was signed before with another key (${others.map((k) => k.slice(0, 8)).join(', ')}), never with ${key.slice(0, 8)}` };
    if (!state.hasSignedAnything(key)) return { item: r, kind: 'key-changed', why: `key ${key.slice(0, 8)} has signed nothing yet: a new key` };
    return { item: r, kind: 'new-package', why: `key ${key.slice(0, 8)} has never signed ${r.item.name}` };
  }
  if (order > highest + VERSION_JUMP) return { item: r, kind: 'version-jump', why: `version code ${order} jumps ${order - highest} above the highest signed, ${highest}` };
  return { item: r, kind: 'routine', why: order === highest ? `version ${highest} again (another round or the same file)` : `after version ${highest}` };
}

/** The review's items in their groups, exceptions first; empty groups left out. */
export function groupReview(review: Review, state: PolicyState): ReviewGroup[] {
  const all = review.items.map((r) => groupOf(r, state));
  return GROUP_ORDER.map((kind) => ({ kind, title: GROUP_TITLES[kind], items: all.filter((g) => g.kind === kind) })).filter((g) => g.items.length > 0);
}

/** The terminal's summary: the exceptions in full, the routine items as a count. */
export function exceptionLines(review: Review, state: PolicyState): string[] {
  const lines = ['', 'Review by exception:'];
  for (const group of groupReview(review, state)) {
    if (group.kind === 'routine') {
      lines.push(`  ${group.title}: ${group.items.length} item(s)`);
      continue;
    }
    lines.push(`  ${group.title} (${group.items.length}):`);
    for (const g of group.items) lines.push(`    #${g.item.index + 1} ${g.item.item.name} ${itemLabel(g.item.item).order}: ${g.why}`);
  }
  return lines;
}
