/**
 * The policy's two vouching rules (offline/policy/schema.ts takes them in):
 * `"attestations": {"packages": [...], "from": [keys], "min": 2}`: every item whose name matches
 * `packages` needs `min` distinct pinned rebuilder keys attesting the digests it asks to sign;
 * `"approvals": {"min": 2, "of": [allowed_signers lines]}`: every request needs `min` distinct
 * pinned approvers' SSH signatures over its approval digest. A key that does not parse refuses
 * the policy file.
 */
import { z } from 'zod';
import { parseAllowedSigner } from '../../protocol/attest/index.ts';
import { rebuilderKey } from './rebuilder-keys.ts';

const NamePattern = z.string().min(1).max(255).regex(/^[A-Za-z0-9._*?-]+$/, { message: 'a name pattern uses letters, digits, ".", "_", "-", "*" and "?"' });

const RebuilderKeyEntry = z
  .union([z.string().min(1).max(4000), z.strictObject({ key: z.string().min(1).max(4000), name: z.string().min(1).max(100).optional(), notAfter: z.string().max(40).optional() })])
  .superRefine((entry, ctx) => {
    try {
      rebuilderKey(entry);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not a rebuilder key: ${error instanceof Error ? error.message : String(error)}` });
    }
  });

const AllowedSignerLine = z
  .string()
  .min(1)
  .max(4000)
  .superRefine((line, ctx) => {
    try {
      parseAllowedSigner(line);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `not an allowed_signers line: ${error instanceof Error ? error.message : String(error)}` });
    }
  });

export const AttestationRule = z
  .strictObject({
    packages: z.array(NamePattern).min(1).max(10_000),
    from: z.array(RebuilderKeyEntry).min(1).max(64),
    min: z.number().int().min(1).max(64),
    comment: z.string().max(500).optional(),
  })
  .refine((r) => r.min <= r.from.length, { message: 'min is more than the keys in from' });
export type AttestationRule = z.infer<typeof AttestationRule>;

export const ApprovalRule = z
  .strictObject({
    min: z.number().int().min(1).max(32),
    of: z.array(AllowedSignerLine).min(1).max(64),
    comment: z.string().max(500).optional(),
  })
  .refine((r) => r.min <= r.of.length, { message: 'min is more than the approvers in of' });
export type ApprovalRule = z.infer<typeof ApprovalRule>;
