/** The options every token-using command shares, and how they open the token and get the PIN. */
import type { OptionSpec, OptionValues } from '../../protocol/cli/index.ts';
import { stringOption } from '../../protocol/cli/index.ts';
import { promptPin, readPinFile } from '../operator/pin.ts';
import { checkPinFileMode } from '../operator/pin-file-mode.ts';
import { DEFAULT_MODULE } from '../pkcs11/module.ts';
import { TokenConnection } from '../pkcs11/token.ts';
import { parsePkcs11Uri } from '../pkcs11/uri.ts';
import type { Pkcs11Uri } from '../pkcs11/uri.ts';
import type { Policy } from '../policy/schema.ts';
import { OfflineSigner } from '../signing/offline-signer.ts';
import { defaultStateDir } from '../state/files.ts';

export const moduleOption: OptionSpec = { type: 'string', value: 'PATH', description: 'PKCS#11 module of the token', default: DEFAULT_MODULE };
export const uriOption: OptionSpec = { type: 'string', value: 'URI', description: 'PKCS#11 URI (RFC 7512) of the token and key, e.g. "pkcs11:token=release;object=app"', default: 'pkcs11:' };
export const pinFileOption: OptionSpec = { type: 'string', value: 'FILE', description: 'read the user PIN from FILE (unattended runs); otherwise it is asked for on the terminal' };
export const allowReadablePinFileOption: OptionSpec = { type: 'boolean', description: 'use a PIN file other users can read (warned about; refused otherwise)' };
export const stateOption: OptionSpec = { type: 'string', value: 'DIR', description: `state directory: audit log and policy state (default ${defaultStateDir()})` };

export const tokenOptions = { module: moduleOption, uri: uriOption, 'pin-file': pinFileOption, 'allow-readable-pin-file': allowReadablePinFileOption } as const;

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
  return TokenConnection.open({ modulePath: modulePathFrom(options, uri), uri, readWrite });
}

/** The PIN from --pin-file, the URI's pin-source, or the terminal, in that order. */
export async function operatorPin(options: OptionValues, token: TokenConnection, log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Promise<Buffer> {
  const file = stringOption(options, 'pin-file') ?? token.uri.pinSource?.replace(/^file:(\/\/)?/, '');
  if (file !== undefined) {
    checkPinFileMode(file, options['allow-readable-pin-file'] === true, log);
    return readPinFile(file);
  }
  return promptPin(`User PIN for token "${token.info.label}": `);
}

export async function loginFromOptions(options: OptionValues, token: TokenConnection, log?: (line: string) => void): Promise<void> {
  token.login(await operatorPin(options, token, log));
}

/** The signer over the token the options name, with its state directory, for `sign` and `serve`. */
export function openSignerFrom(options: OptionValues, policy: Policy, log: (line: string) => void): OfflineSigner {
  const uri = uriFrom(options);
  return OfflineSigner.open({
    policy,
    modulePath: modulePathFrom(options, uri),
    uri,
    stateDir: stateDirFrom(options),
    allowNetwork: options['allow-network'] === true,
    log,
  });
}
