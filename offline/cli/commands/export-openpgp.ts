import type { Command } from '../../../protocol/cli/index.ts';
import { requireOption } from '../../../protocol/cli/index.ts';
import { toHex } from '../../../protocol/bytes.ts';
import { SignerError } from '../../errors.ts';
import { exportOpenPgpCertificate, fixCreationTime } from '../../openpgp/index.ts';
import { AuditLog } from '../../audit/log.ts';
import { PolicyState } from '../../policy/state.ts';
import { auditLogPath, policyStatePath } from '../../state/paths.ts';
import { ensureDir, writeFileAtomic } from '../../state/files.ts';
import { lockStateDir } from '../../state/lock.ts';
import { loginFromOptions, openToken, stateDirFrom, stateOption, tokenOptions } from '../token-options.ts';

export const exportOpenPgpCommand: Command = {
  name: 'export-openpgp',
  summary: "write a key's OpenPGP certificate (armored), self-signed in the token, for gpg --import, sq and apt's Signed-By",
  usage: '--uri <pkcs11 uri of one key> --user-id "Name <mail>" --out key.asc',
  options: {
    ...tokenOptions,
    'user-id': { type: 'string', value: 'TEXT', description: 'the OpenPGP user ID, e.g. "Example Release <release@example.org>"' },
    out: { type: 'string', value: 'FILE', description: 'where to write the armored certificate' },
    state: stateOption,
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const userId = requireOption(ctx.options, 'user-id');
    const out = requireOption(ctx.options, 'out');
    const stateDir = stateDirFrom(ctx.options);
    const token = openToken(ctx.options);
    try {
      await loginFromOptions(ctx.options, token, ctx.log);
      const keys = token.keys().filter((k) => k.certificate !== undefined && k.privateKey !== undefined);
      const key = keys[0];
      if (key === undefined) throw new SignerError('KEY_NOT_FOUND', `no key with a certificate matches the URI on token "${token.info.label}"`);
      if (keys.length > 1) throw new SignerError('KEY_AMBIGUOUS', `${keys.length} keys match the URI; name one key with object= or id=`);
      ensureDir(stateDir);
      const lock = lockStateDir(stateDir);
      try {
        // The creation time is part of the fingerprint: fixed at the first export, the same ever after.
        const { created, fresh } = fixCreationTime(stateDir, toHex(key.fingerprint!), Date.now() / 1000);
        const audit = AuditLog.open(auditLogPath(stateDir), PolicyState.load(policyStatePath(stateDir)));
        let exported;
        try {
          exported = exportOpenPgpCertificate(token, key, userId, created);
          // On record before the certificate exists, as every signature the signer makes.
          audit.append({ event: 'openpgp-certified', key: toHex(key.fingerprint!), fingerprint: toHex(exported.fingerprint), userId, created, signed: toHex(exported.signed), signature: toHex(exported.signature) });
          audit.sync();
        } finally {
          audit.close();
        }
        writeFileAtomic(out, exported.armored, 0o644);
        ctx.out(`key:         ${key.label} (certificate sha256:${toHex(key.fingerprint!)})`);
        ctx.out(`user ID:     ${userId}`);
        ctx.out(`created:     ${new Date(created * 1000).toISOString()}${fresh ? ' (fixed now, kept in the state directory)' : ''}`);
        ctx.out(`fingerprint: ${toHex(exported.fingerprint).toUpperCase()}`);
        ctx.out(out);
      } finally {
        lock.release();
      }
      return 0;
    } finally {
      token.close();
    }
  },
};
