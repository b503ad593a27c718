import { writeFileDurableSync } from '../../../node/durable.ts';
import type { Command } from '../../../protocol/cli/index.ts';
import { intOption, requireOption } from '../../../protocol/cli/index.ts';
import { toHex } from '../../../protocol/bytes.ts';
import { AuditLog } from '../../audit/log.ts';
import { toPem } from '../../ceremony/certificate.ts';
import { KEY_TYPE_NAMES, keyTypeName, parseKeyType } from '../../ceremony/key-spec.ts';
import { assertTokenCanMake, generateSigningKey } from '../../ceremony/keygen.ts';
import { SignerError, isSignerError } from '../../errors.ts';
import { formatPkcs11Uri } from '../../pkcs11/uri-format.ts';
import { auditLogPath, policyStatePath } from '../../state/paths.ts';
import { PolicyState } from '../../policy/state.ts';
import { ensureDir } from '../../state/files.ts';
import { lockStateDir } from '../../state/lock.ts';
import { loginFromOptions, openToken, stateDirFrom, stateOption, tokenOptions } from '../token-options.ts';

export const keygenCommand: Command = {
  name: 'keygen',
  summary: 'key ceremony: make a key pair in the token, a self-signed certificate the token signs, store and write it',
  usage: '--uri <pkcs11 uri with object=LABEL> --type <type> --subject <DN> --cert-out <file.pem>',
  options: {
    ...tokenOptions,
    type: { type: 'string', value: 'TYPE', description: `key type: ${KEY_TYPE_NAMES.join(' | ')}` },
    subject: { type: 'string', value: 'DN', description: 'certificate subject, e.g. "CN=Example Release, O=Example, C=DE"' },
    'validity-years': { type: 'string', value: 'N', description: 'certificate validity in years', default: '30' },
    'cert-out': { type: 'string', value: 'FILE', description: 'where to write the certificate (PEM)' },
    state: stateOption,
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const keyType = parseKeyType(requireOption(ctx.options, 'type'));
    const subject = requireOption(ctx.options, 'subject');
    const certOut = requireOption(ctx.options, 'cert-out');
    const validityYears = intOption(ctx.options, 'validity-years', 1, 100) ?? 30;
    const stateDir = stateDirFrom(ctx.options);
    const token = openToken(ctx.options, true);
    try {
      const label = token.uri.object;
      if (label === undefined || label === '') throw new SignerError('USAGE', 'the --uri must name the new key with object=LABEL');
      // A key type the token cannot make or sign with is refused before the PIN is asked for.
      assertTokenCanMake(token, keyType);
      await loginFromOptions(ctx.options, token, ctx.log);
      ensureDir(stateDir);
      const lock = lockStateDir(stateDir);
      const audit = AuditLog.open(auditLogPath(stateDir), PolicyState.load(policyStatePath(stateDir)));
      try {
        let made;
        try {
          made = generateSigningKey(token, { label, id: token.uri.id, keyType, subject, validityYears });
        } catch (error) {
          // What the token did or refused is on record, in its own words; the key is already destroyed.
          if (isSignerError(error)) {
            audit.append({ event: 'keygen-refused', label: label.slice(0, 256), keyType: keyTypeName(keyType), code: error.code, detail: error.message.slice(0, 500) });
            audit.sync();
          }
          throw error;
        }
        writeFileDurableSync(certOut, toPem(made.certificate), { mode: 0o644 });
        audit.append({ event: 'keygen', key: toHex(made.fingerprint), label, keyType: keyTypeName(keyType) });
        audit.sync();
        const uri = formatPkcs11Uri({ token: token.info.label, serial: token.info.serial, object: label, id: made.id });
        ctx.out(`key:         ${uri}`);
        ctx.out(`type:        ${keyTypeName(keyType)}`);
        ctx.out(`fingerprint: sha256:${toHex(made.fingerprint)}`);
        ctx.out(`usage:       ${made.usages.join(', ')}${made.usages.some((u) => u !== 'sign') ? ' (the token would not make a sign-only key)' : ''}`);
        if (made.keptUsages.length > 0) ctx.log(`note: token "${token.info.label}" would not clear ${made.keptUsages.join(', ')} on the new key`);
        ctx.out(certOut);
      } finally {
        audit.close();
        lock.release();
      }
      return 0;
    } finally {
      token.close();
    }
  },
};
