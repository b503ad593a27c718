import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from '../../../protocol/cli/index.ts';
import { requireOption, stringOption } from '../../../protocol/cli/index.ts';
import { envelopeJson } from '../../../protocol/attest/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { writeFileDurable } from '../../../node/durable.ts';
import { agentDsseSigner, attestArtifact, loadDsseSigner } from '../../attest/index.ts';
import { parseSchemes } from '../../pipeline/index.ts';
import { certificateFromFile } from '../../pins/index.ts';
import { readMessageFile } from '../parts.ts';

export const attestCommand: Command = {
  name: 'attest',
  summary: 'as a rebuilder: attest artifacts you built, one in-toto Statement in a DSSE envelope each (JSON lines), listing every digest the signer will be asked to sign for it',
  usage: '<artifact...>',
  options: {
    key: { type: 'string', value: 'FILE', description: 'the rebuilder\'s private key, PEM (Ed25519, ECDSA P-256 or RSA); its public key goes into the signer policy\'s attestations.from' },
    'ssh-key': { type: 'string', value: 'FILE', description: 'instead of --key: the OpenSSH public key (.pub) of a key in the SSH agent (SSH_AUTH_SOCK): ssh-ed25519, ecdsa-sha2-nistp256 or ssh-rsa' },
    cert: { type: 'string', value: 'FILE', description: 'the signing certificate the artifacts will be signed with (as for request): it picks the content digest' },
    source: { type: 'string', value: 'TEXT', description: 'what the artifacts were built from (a VCS URL and commit, a source tarball digest)' },
    out: { type: 'string', value: 'FILE', description: 'where to write the envelopes, one JSON object a line' },
    schemes: { type: 'string', value: 'LIST', description: 'the schemes, if request is given --schemes (default: as apksigner chooses)' },
  },
  positionals: { min: 1, max: 1000 },
  async run(ctx) {
    const schemesText = stringOption(ctx.options, 'schemes');
    const schemes = schemesText === undefined ? undefined : parseSchemes(schemesText);
    if (schemesText !== undefined && schemes === undefined) throw new ProtocolError('USAGE', `--schemes takes a list of v1, v2, v3, got "${schemesText}"`, { fields: ['schemes'] });
    const keyFile = stringOption(ctx.options, 'key');
    const sshKey = stringOption(ctx.options, 'ssh-key');
    if ((keyFile === undefined) === (sshKey === undefined)) throw new ProtocolError('USAGE', 'give the rebuilder key: --key FILE (PEM) or --ssh-key FILE.pub (in the SSH agent)', { fields: ['key'] });
    const signer = keyFile !== undefined ? await loadDsseSigner(keyFile) : await agentDsseSigner(sshKey!);
    const certFile = requireOption(ctx.options, 'cert');
    const cert = certificateFromFile(new Uint8Array(await readFile(certFile)), readMessageFile);
    const source = requireOption(ctx.options, 'source');
    const lines: string[] = [];
    for (const file of ctx.positionals) {
      const a = await attestArtifact(file, signer, { certificateDer: cert.der, source, ...(schemes === undefined ? {} : { schemes }) });
      const digests = a.predicate.digests.map((d) => `${d.schemes} ${d.digest}`).join(', ');
      ctx.log(`${basename(file)}: ${a.predicate.name} ${a.predicate.versionCode}, ${a.predicate.rounds} round(s): attests ${digests}${a.predicate.rounds === 2 ? ' (the second round covers the v1 signature and cannot be attested)' : ''}`);
      lines.push(envelopeJson(a.envelope));
    }
    const out = requireOption(ctx.options, 'out');
    await writeFileDurable(out, `${lines.join('\n')}\n`);
    ctx.log(`rebuilder key ${signer.keyid}; pin it in the signer policy as "${signer.publicKey}"`);
    ctx.out(out);
    return 0;
  },
};
