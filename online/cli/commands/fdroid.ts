/** `airsign fdroid init | index | publish`: an fdroidserver repository whose keys are in the signer's HSM. */
import { readFile } from 'node:fs/promises';
import type { Command } from '../../../protocol/cli/index.ts';
import { requireOption, stringOption } from '../../../protocol/cli/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { NEW_KEY_TYPES } from '../../../protocol/messages/index.ts';
import type { NewKeyType } from '../../../protocol/messages/index.ts';
import { initRepo, requestGpgSigning, requestIndexSigning, requestPublishSigning } from '../../fdroid/index.ts';
import { certificateFromFile } from '../../pins/index.ts';
import type { PinnedCertificate } from '../../store/index.ts';
import { readMessageFile, realParts } from '../parts.ts';
import { reportRequested } from './request.ts';

async function readPin(file: string): Promise<PinnedCertificate> {
  const bytes = await readFile(file).catch((cause: unknown) => {
    throw new ProtocolError('USAGE', `cannot read the certificate ${file}`, { cause, fields: ['cert'] });
  });
  return certificateFromFile(new Uint8Array(bytes), readMessageFile);
}

/** ALIAS=FILE, or FILE when it is the key ceremony's certificate message (its key label is the alias). */
async function readAppKey(value: string): Promise<{ alias: string; pin: PinnedCertificate }> {
  const eq = value.indexOf('=');
  const alias = eq > 0 ? value.slice(0, eq) : undefined;
  const pin = await readPin(eq > 0 ? value.slice(eq + 1) : value);
  if (alias !== undefined) return { alias, pin };
  if (pin.keyUri === undefined) throw new ProtocolError('USAGE', `--app-cert ${value}: a PEM or DER certificate names no key alias; write ALIAS=${value}`, { fields: ['app-cert'] });
  return { alias: pin.label, pin };
}

export const fdroidInitCommand: Command = {
  name: 'fdroid init',
  summary: 'set up an fdroidserver repository (after "fdroid init") for keys in the HSM: pin the repository certificate, write repo_pubkey into config.yml and take the keystore settings out; pin app key certificates by alias',
  usage: '<repo root>',
  options: {
    cert: { type: 'string', value: 'FILE', description: 'the repository certificate (PEM, DER, or the key ceremony\'s certificate message file); not needed again once pinned' },
    'app-cert': { type: 'string', multiple: true, value: '[ALIAS=]FILE', description: 'an app key\'s certificate, pinned under its key alias (fdroidserver\'s: 8 hex digits of the MD5 of the app id, or config.yml\'s keyaliases); a certificate message file names its alias itself' },
    replace: { type: 'boolean', description: 'pin a different repository certificate than the one pinned (clients that trust the old one will refuse the index)' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const cert = stringOption(ctx.options, 'cert');
    const appKeys = await Promise.all(((ctx.options['app-cert'] as string[] | undefined) ?? []).map(readAppKey));
    const result = await initRepo({ root: ctx.positionals[0]!, ...(cert === undefined ? {} : { repoCert: await readPin(cert) }), appKeys, replace: ctx.options.replace === true });
    for (const line of result.changes) ctx.out(line);
    if (result.changes.length === 0) ctx.out('nothing to change: the repository is set up for airsign');
    ctx.log(`repository certificate SHA-256 ${result.fingerprint}: give it to clients as ?fingerprint=${result.fingerprint.toUpperCase()}`);
    return 0;
  },
};

export const fdroidIndexCommand: Command = {
  name: 'fdroid index',
  summary: 'after "fdroid update --nosign": check the index as signindex does, build entry.jar and index-v1.jar as it lays them out, write the signing request (request files last, as "request"); "receive" puts the signed JARs into repo/',
  usage: '<repo root>',
  options: {
    session: { type: 'string', value: 'DIR', description: 'the session directory (created if missing)' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const result = await requestIndexSigning(ctx.positionals[0]!, requireOption(ctx.options, 'session'), await realParts(), ctx.log);
    const s = result.summary;
    ctx.log(`repository "${s.repoName}": timestamp ${s.timestamp}, ${s.apps} app(s), ${s.packages} package(s), index-v2 SHA-256 ${s.indexV2Sha256}`);
    return reportRequested(ctx, result);
  },
};

export const fdroidPublishCommand: Command = {
  name: 'fdroid publish',
  summary: 'sign the APKs in unsigned/ as "fdroid publish" would, each with its app\'s key (fdroidserver\'s key alias rule), all in one request; "receive" puts them into repo/ under the same names',
  usage: '<repo root>',
  options: {
    session: { type: 'string', value: 'DIR', description: 'the session directory (created if missing)' },
    'new-keys': { type: 'string', value: 'TYPE', description: `for each app with no pinned key, ask the signer to make one of this type (${NEW_KEY_TYPES.join(' | ')}) under its alias; the signer's policy must allow it (createKeys)` },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const newKeys = stringOption(ctx.options, 'new-keys');
    if (newKeys !== undefined && !(NEW_KEY_TYPES as readonly string[]).includes(newKeys)) throw new ProtocolError('USAGE', `--new-keys must be one of ${NEW_KEY_TYPES.join(', ')}, got "${newKeys.slice(0, 40)}"`, { fields: ['new-keys'] });
    const result = await requestPublishSigning(ctx.positionals[0]!, requireOption(ctx.options, 'session'), await realParts(), ctx.log, newKeys === undefined ? {} : { newKeyType: newKeys as NewKeyType });
    return reportRequested(ctx, result);
  },
};

export const fdroidGpgsignCommand: Command = {
  name: 'fdroid gpgsign',
  summary: 'what "fdroid gpgsign" does with the OpenPGP key in the HSM: a detached signature for every APK, source tarball and index JSON in repo/ (and archive/) that has no .asc, all in one request; "receive" puts each <file>.asc beside its file',
  usage: '<repo root>',
  options: {
    key: { type: 'string', value: 'FILE', description: 'the key\'s OpenPGP certificate, as "airsign-signer export-openpgp" wrote it' },
    cert: { type: 'string', multiple: true, value: 'FILE', description: 'the key\'s X.509 certificate (PEM, DER or certificate message), unless the session has it pinned' },
    session: { type: 'string', value: 'DIR', description: 'the session directory (created if missing)' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const certs = ctx.options.cert as string[] | undefined;
    const result = await requestGpgSigning({
      root: ctx.positionals[0]!,
      sessionDir: requireOption(ctx.options, 'session'),
      keyFile: requireOption(ctx.options, 'key'),
      ...(certs === undefined ? {} : { certFiles: certs }),
      parts: await realParts(),
      log: ctx.log,
    });
    for (const f of result.files) ctx.log(`${f.dir}/${f.fileName}: to be signed (${f.dir}/${f.fileName}.asc)`);
    return reportRequested(ctx, result);
  },
};
