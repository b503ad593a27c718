/** Picks the one token a PKCS#11 URI names among the module's slots. */
import { SignerError } from '../errors.ts';
import type { Pkcs11Module } from './module.ts';
import type { Slot } from './slot.ts';
import { trimPadding } from './token-info.ts';
import type { TokenInfo } from './token-info.ts';
import type { Pkcs11Uri } from './uri.ts';

/** A URI value against a token field, both without their padding (spaces, or NULs on some modules). */
function same(wanted: string | undefined, actual: string): boolean {
  return wanted === undefined || trimPadding(wanted) === trimPadding(actual);
}

function matches(uri: Pkcs11Uri, slot: Slot, token: TokenInfo): boolean {
  if (!same(uri.token, token.label) || !same(uri.manufacturer, token.manufacturer)) return false;
  if (!same(uri.serial, token.serial) || !same(uri.model, token.model)) return false;
  if (uri.slotId !== undefined && uri.slotId !== slot.number) return false;
  return true;
}

function matchesLibrary(uri: Pkcs11Uri, module: Pkcs11Module): boolean {
  if (uri.libraryManufacturer === undefined && uri.libraryDescription === undefined && uri.libraryVersion === undefined) return true;
  const info = module.info();
  if (uri.libraryManufacturer !== undefined && uri.libraryManufacturer !== info.manufacturer) return false;
  if (uri.libraryDescription !== undefined && uri.libraryDescription !== info.description) return false;
  if (uri.libraryVersion !== undefined && uri.libraryVersion !== info.libraryVersion) return false;
  return true;
}

export interface SelectedToken {
  readonly slot: Slot;
  readonly token: TokenInfo;
}

/** The single initialized token matching `uri`; TOKEN_NOT_FOUND or TOKEN_AMBIGUOUS otherwise. */
export function selectToken(module: Pkcs11Module, uri: Pkcs11Uri): SelectedToken {
  if (!matchesLibrary(uri, module)) throw new SignerError('TOKEN_NOT_FOUND', `the module ${module.path} is not the library the URI names`);
  const found: SelectedToken[] = [];
  const seen: string[] = [];
  for (const slot of module.slots(true)) {
    const token = slot.token();
    seen.push(describeSeen(slot, token));
    if (token.initialized && matches(uri, slot, token)) found.push({ slot, token });
  }
  const first = found[0];
  if (first === undefined) {
    const list = seen.length === 0 ? 'it shows no token at all' : `it shows: ${seen.join('; ')}`;
    throw new SignerError('TOKEN_NOT_FOUND', `no initialized token matches the URI in ${module.path}; ${list}`);
  }
  if (found.length > 1) {
    const labels = found.map((f) => `"${f.token.label}"`).join(', ');
    throw new SignerError('TOKEN_AMBIGUOUS', `${found.length} tokens match the URI (${labels}); name one with token=...`);
  }
  return first;
}

/** One token as TOKEN_NOT_FOUND lists it: slot, label, model, serial, and whether it is initialized. */
function describeSeen(slot: Slot, token: TokenInfo): string {
  const state = token.initialized ? '' : ' (not initialized)';
  return `slot ${slot.number}: token="${token.label}" model="${token.model}" serial="${token.serial}"${state}`.slice(0, 200);
}
