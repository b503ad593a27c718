/**
 * The policy file: a JSON document on the offline laptop that says which keys may sign which
 * names of which artifact kind (one kind per rule), and bounds every request. Unknown fields are
 * refused, so a typo never silently turns a rule off. Everything but `rules` has a safe default.
 */
import { z } from 'zod';
import { DEFAULT_ITEMS_PER_REQUEST } from '../../protocol/batch-size.ts';
import { ARTIFACT_KINDS } from '../../protocol/kinds/index.ts';
import { LIMITS } from '../../protocol/limits.ts';
import { ApprovalRule, AttestationRule } from '../vouch/policy-schema.ts';
import { NEW_KEY_TYPES } from '../../protocol/messages/index.ts';

/** "sha256:<hex>" (colons allowed), "label:<CKA_LABEL>", or "*" for every key on the token. */
export const KeySelector = z
  .string()
  .max(200)
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  .regex(/^(sha256:(?:[0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}|label:[^\u0000-\u001f]{1,128}|\*)$/, {
    message: 'a key is "sha256:<64 hex digits>", "label:<label>" or "*"',
  });

/**
 * A package name (or JAR name, or apt Release name such as "Debian/bookworm") or a glob over them:
 * "*" any run of characters, "?" one.
 */
export const NamePattern = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9._*?+~/-]+$/, { message: 'a name pattern uses letters, digits, ".", "_", "-", "+", "~", "/" (apt names such as "Debian/bookworm"), "*" and "?"' });

export const Rule = z.strictObject({
  keys: z.array(KeySelector).min(1).max(1000),
  packages: z.array(NamePattern).min(1).max(10_000),
  /**
   * The one artifact kind the rule is for. One kind per rule: a rule for both let a key meant for
   * the index sign an APK whose package is called "entry.jar", and an app key sign a JAR named
   * "org.example.x.jar", since the same names matched either kind.
   */
  artifacts: z.array(z.enum(ARTIFACT_KINDS)).length(1, { message: `a rule is for one artifact kind, ${ARTIFACT_KINDS.map((k) => `["${k}"]`).join(' or ')}: write a rule for each kind` }),
  /**
   * Only items whose manifest the signer proved (protocol/apk-proof) may pass this rule: its
   * package pattern and the version floor then hold for what the APK says, not what the online
   * side claims. An item without a proof is refused POLICY_PROOF_REQUIRED, never merely flagged.
   */
  requireProof: z.boolean().optional(),
  /**
   * Key types the signer may make, for an item that asks for a new key, for a package this rule
   * names and a key this rule names ("*" or "label:<alias>"). Absent (the default): no key is ever
   * made. APK rules only.
   */
  createKeys: z.array(z.enum(NEW_KEY_TYPES)).min(1).max(NEW_KEY_TYPES.length).optional(),
  comment: z.string().max(500).optional(),
}).refine((r) => r.createKeys === undefined || r.artifacts[0] === 'apk', { message: 'createKeys is for apk rules only (a key is made for an app)', path: ['createKeys'] })
  .refine((rule) => rule.artifacts[0] === 'apt-release' || rule.packages.every((p) => !/[+~/]/.test(p)), {
    message: 'only an apt-release rule names with "/", "+" or "~" (package and JAR names have none)',
    path: ['packages'],
  });
export type Rule = z.infer<typeof Rule>;

export const Policy = z.strictObject({
  version: z.literal(1),
  rules: z.array(Rule).max(10_000),
  /** Requests with more items are refused whole. */
  maxItemsPerRequest: z.number().int().min(1).max(LIMITS.maxItems).default(DEFAULT_ITEMS_PER_REQUEST),
  /** A request's issuedAt must be no older than this... */
  maxRequestAgeSeconds: z.number().int().min(1).max(366 * 86400).default(86400),
  /** ...and no further in the future than this (clock skew between the two machines). */
  maxClockSkewSeconds: z.number().int().min(0).max(86400).default(300),
  /** Version codes must rise per name and key. Turning this off is for recovery only. */
  rollbackProtection: z.boolean().default(true),
  /** Whether `sign --yes` may sign without the operator confirming on the terminal. */
  unattended: z.boolean().default(false),
  /** Rebuilders that must attest items of these packages (offline/vouch, docs/policy.md). */
  attestations: AttestationRule.optional(),
  /** Approvers who must sign every request (offline/vouch, docs/policy.md). */
  approvals: ApprovalRule.optional(),
  comment: z.string().max(2000).optional(),
});
export type Policy = z.infer<typeof Policy>;
