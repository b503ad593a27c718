import type { Command, CommandContext } from '../../../protocol/cli/index.ts';
import { DEFAULT_ITEMS_PER_REQUEST } from '../../../protocol/batch-size.ts';
import { intOption, requireOption, stringOption } from '../../../protocol/cli/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { LIMITS } from '../../../protocol/limits.ts';
import { signedDigestLines } from '../../../protocol/signing/index.ts';
import { parseSchemes } from '../../pipeline/index.ts';
import { requestSigning } from '../../session/index.ts';
import type { RequestResult } from '../../session/index.ts';
import { realParts } from '../parts.ts';
import { AUTO_PROOF_BUDGET, DEFAULT_PROOF_CHOICE, PROOF_CHOICES } from '../../apk/proof/choose.ts';
import { attachAttestationFiles } from './attach-attestations.ts';

export const requestCommand: Command = {
  name: 'request',
  summary: 'prepare artifacts into signing sessions and write their request message files (one path a line, last); says on stderr the digest each will have signed',
  usage: '<artifact...>',
  options: {
    cert: { type: 'string', multiple: true, value: 'FILE', description: 'the signing certificate (PEM, DER, or the key ceremony\'s certificate message file); not needed again for a session that has it pinned; given once per artifact (in the same order), each artifact is signed by its own key, all in one request' },
    session: { type: 'string', value: 'DIR', description: 'the session directory (created if missing; signed files land in its out/)' },
    schemes: { type: 'string', value: 'LIST', description: 'force the schemes, e.g. v1,v2,v3 (default: as apksigner chooses from minSdkVersion)' },
    'replace-signatures': { type: 'boolean', description: 'sign an artifact that is already signed by another key, dropping its signatures (without it, such an artifact is refused)' },
    'manifest-proof': { type: 'string', value: 'WHEN', description: `always, auto or never: whether an APK's v2/v3 round carries a manifest proof, so the signer reads AndroidManifest.xml itself (a policy rule with "requireProof" needs always; auto carries one when it costs at most ${AUTO_PROOF_BUDGET / 1024} KiB; default ${DEFAULT_PROOF_CHOICE})` },
    attestations: { type: 'string', multiple: true, value: 'FILE', description: 'rebuilders\' attestations ("airsign attest" output, or any DSSE envelopes, one JSON object a line) to carry with the request, each to the items whose artifact it names' },
    'max-items': { type: 'string', value: 'N', description: `most items per request, at most the signer policy's maxItemsPerRequest (default ${DEFAULT_ITEMS_PER_REQUEST}); more artifacts make several requests` },
  },
  // A full request (1000 items) and more: more artifacts than the cap make several requests.
  positionals: { min: 1, max: 10 * LIMITS.maxItems },
  async run(ctx) {
    const schemesText = stringOption(ctx.options, 'schemes');
    const schemes = schemesText === undefined ? undefined : parseSchemes(schemesText);
    if (schemesText !== undefined && schemes === undefined) throw new ProtocolError('USAGE', `--schemes takes a list of v1, v2, v3, got "${schemesText ?? ''}"`, { fields: ['schemes'] });
    const maxItems = intOption(ctx.options, 'max-items', 1, LIMITS.maxItems);
    const proofText = stringOption(ctx.options, 'manifest-proof');
    const manifestProof = PROOF_CHOICES.find((c) => c === proofText);
    if (proofText !== undefined && manifestProof === undefined) throw new ProtocolError('USAGE', `--manifest-proof takes always, auto or never, got "${proofText}"`, { fields: ['manifest-proof'] });
    const certs = ctx.options.cert as string[] | undefined;
    const result = await requestSigning({
      dir: requireOption(ctx.options, 'session'),
      files: ctx.positionals,
      ...(certs === undefined ? {} : { certFiles: certs }),
      ...(schemes === undefined ? {} : { schemes }),
      ...(maxItems === undefined ? {} : { maxItems }),
      replaceSignatures: ctx.options['replace-signatures'] === true,
      ...(manifestProof === undefined ? {} : { manifestProof }),
      parts: await realParts(),
      log: ctx.log,
    });
    const attestationFiles = ctx.options.attestations as string[] | undefined;
    if (attestationFiles !== undefined) await attachAttestationFiles(result.requests, attestationFiles, ctx.log);
    return reportRequested(ctx, result);
  },
};

/** What `request` says: each artifact's round and what will be signed (stderr), then the request files (stdout, last). */
export function reportRequested(ctx: CommandContext, result: RequestResult): number {
  const failed = result.artifacts.filter((a) => a.state === 'failed');
  for (const a of failed) ctx.log(`${a.fileName}: ${a.failure?.code ?? ''}: ${a.failure?.message ?? ''}`);
  for (const a of result.artifacts) {
    if (a.state === 'failed') continue;
    ctx.log(`${a.fileName}: ${a.facts?.name ?? '?'} ${a.facts?.versionCode ?? ''}, round ${a.round + 1} of ${a.rounds?.length ?? '?'}: ${a.item?.schemes.join('+') ?? ''} (${a.state})`);
    // What the signer will sign for it: a build publishes this, the operator compares it in the review.
    if (a.item !== undefined) for (const line of signedDigestLines(a.item)) ctx.log(`${a.fileName}: ${line}`);
  }
  if (result.requests.length === 0) throw new ProtocolError('INCOMPLETE', failed.length > 0 ? 'no request was written: every artifact failed' : 'no request is open for these artifacts (see "airsign status")');
  for (const path of result.requests) ctx.out(path);
  return failed.length === 0 ? 0 : 1;
}
