import type { Command } from '../../../protocol/cli/index.ts';
import { toHex } from '../../../protocol/bytes.ts';
import { keyTypeName } from '../../ceremony/key-spec.ts';
import { privateKeyProtection } from '../../pkcs11/objects.ts';
import { formatPkcs11Uri } from '../../pkcs11/uri-format.ts';
import { loginFromOptions, openToken, tokenOptions } from '../token-options.ts';

export const keysCommand: Command = {
  name: 'keys',
  summary: "list the token's signing keys: label, id, type, certificate SHA-256, private key and its protection",
  usage: '[--uri <pkcs11 uri>] [--login]',
  options: {
    ...tokenOptions,
    login: { type: 'boolean', description: 'log in to also see the private keys (asks for the PIN unless --pin-file)' },
    json: { type: 'boolean', description: 'one JSON object per key' },
  },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const token = openToken(ctx.options);
    try {
      if (ctx.options.login === true || ctx.options['pin-file'] !== undefined) await loginFromOptions(ctx.options, token, ctx.log);
      const keys = token.keys();
      ctx.out(`token "${token.info.label}" (serial ${token.info.serial}, ${token.info.manufacturer} ${token.info.model}): ${keys.length} key(s)`);
      for (const key of keys) {
        const protection = key.privateKey === undefined ? undefined : privateKeyProtection(token.session, key.privateKey);
        const row = {
          label: key.label,
          id: toHex(key.id),
          type: key.keyType === undefined ? 'unsupported' : keyTypeName(key.keyType),
          fingerprint: key.fingerprint === undefined ? null : `sha256:${toHex(key.fingerprint)}`,
          privateKey: key.privateKey === undefined ? (token.isLoggedIn ? 'missing' : 'not logged in') : 'present',
          sensitive: protection?.sensitive ?? null,
          extractable: protection?.extractable ?? null,
          uri: formatPkcs11Uri({ token: token.info.label, serial: token.info.serial, object: key.label, id: key.id }),
        };
        if (ctx.options.json === true) ctx.out(JSON.stringify(row));
        else {
          ctx.out(`  ${row.label}  ${row.type}  ${row.fingerprint ?? 'no certificate'}`);
          ctx.out(`    id ${row.id}; private key ${row.privateKey}${protection === undefined ? '' : `, ${protection.sensitive ? 'sensitive' : 'NOT SENSITIVE'}, ${protection.extractable ? 'EXTRACTABLE' : 'not extractable'}`}`);
          ctx.out(`    ${row.uri}`);
        }
      }
      return 0;
    } finally {
      token.close();
    }
  },
};
