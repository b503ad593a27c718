/** The options every token-using command shares, and how they open the token and get the PIN. */
import type { OptionSpec, OptionValues } from '../../protocol/cli/index.ts';
import { stringOption } from '../../protocol/cli/index.ts';
import { checkPinFileMode } from '../operator/pin-file-mode.ts';
import { loginCarefully } from '../operator/pin-login.ts';
import { DEFAULT_MODULE } from '../pkcs11/module.ts';
import { TokenConnection } from '../pkcs11/token.ts';
import { parsePkcs11Uri } from '../pkcs11/uri.ts';
import type { Pkcs11Uri } from '../pkcs11/uri.ts';
import type { Policy } from '../policy/schema.ts';
import { OfflineSigner } from '../signing/offline-signer.ts';
import { defaultStateDir } from '../state/files.ts';

export const moduleOption: OptionSpec = { type: 'string', value: 'PATH', description: 'PKCS#11 module of the token', default: DEFAULT_MODULE };
export const moduleArgsOption: OptionSpec = {
  type: 'string',
  value: 'STRING',
  description: "C_Initialize parameters for modules that need them, e.g. NSS: \"configdir='sql:/path' certPrefix='' keyPrefix='' secmod='secmod.db' flags=\"",
};
export const uriOption: OptionSpec = { type: 'string', value: 'URI', description: 'PKCS#11 URI (RFC 7512) of the token and key, e.g. "pkcs11:token=release;object=app"', default: 'pkcs11:' };
export const pinFileOption: OptionSpec = { type: 'string', value: 'FILE', description: 'read the user PIN from FILE (unattended runs); otherwise it is asked for on the terminal' };
export const allowReadablePinFileOption: OptionSpec = { type: 'boolean', description: 'use a PIN file other users can read (warned about; refused otherwise)' };
export const stateOption: OptionSpec = { type: 'string', value: 'DIR', description: `state directory: audit log and policy state (default ${defaultStateDir()})` };

export const tokenOptions = { module: moduleOption, 'module-args': moduleArgsOption, uri: uriOption, 'pin-file': pinFileOption, 'allow-readable-pin-file': allowReadablePinFileOption } as const;

export function uriFrom(options: OptionValues): Pkcs11Uri {
  return parsePkcs11Uri(stringOption(options, 'uri') ?? 'pkcs11:', 'operator');
}

export function modulePathFrom(options: OptionValues, uri: Pkcs11Uri): string {
  const given = stringOption(options, 'module');
  // An explicit --module wins; a URI's module-path is used only when --module was left at its default.
  return given !== undefined && given !== DEFAULT_MODULE ? given : (uri.modulePath ?? given ?? DEFAULT_MODULE);
}

export function stateDirFrom(options: OptionValues): string {
  return stringOption(options, 'state') ?? defaultStateDir();
}

export function openToken(options: OptionValues, readWrite = false): TokenConnection {
  const uri = uriFrom(options);
  return TokenConnection.open({ modulePath: modulePathFrom(options, uri), moduleArgs: stringOption(options, 'module-args'), uri, readWrite });
}

/** The PIN file from --pin-file or the URI's pin-source; undefined for the terminal. */
export function pinFileFrom(options: OptionValues, token: TokenConnection): string | undefined {
  return stringOption(options, 'pin-file') ?? token.uri.pinSource?.replace(/^file:(\/\/)?/, '');
}

/**
 * Logs in with the PIN from --pin-file, the URI's pin-source, or the terminal, in that order,
 * showing the token's PIN flags first (see operator/pin-login.ts). A PIN file that other users
 * can read is refused unless --allow-readable-pin-file (operator/pin-file-mode.ts).
 */
export async function loginFromOptions(options: OptionValues, token: TokenConnection, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<void> {
  const pinFile = pinFileFrom(options, token);
  if (pinFile !== undefined) checkPinFileMode(pinFile, options['allow-readable-pin-file'] === true, log);
  await loginCarefully(token, { pinFile, log });
}

/** The signer over the token the options name, with its state directory, for `sign` and `serve`. */
export function openSignerFrom(options: OptionValues, policy: Policy, log: (line: string) => void): OfflineSigner {
  const uri = uriFrom(options);
  return OfflineSigner.open({
    policy,
    modulePath: modulePathFrom(options, uri),
    moduleArgs: stringOption(options, 'module-args'),
    uri,
    stateDir: stateDirFrom(options),
    allowNetwork: options['allow-network'] === true,
    log,
  });
}
