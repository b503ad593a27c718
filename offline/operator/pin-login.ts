/**
 * Logging in with care for the token's retry counter. Before each PIN is asked for, the token's
 * own flags are shown (a wrong PIN since the last good one, the final try, locked); a wrong PIN
 * typed at the terminal is asked again, a bounded number of times and never into the final try
 * without the operator saying so; a PIN from a file is tried once, never again by itself (a wrong
 * file would burn the retries). On a TPM the counter is the whole TPM's dictionary-attack lockout.
 */
import { SignerError, isSignerError } from '../errors.ts';
import type { TokenConnection } from '../pkcs11/token.ts';
import type { TokenInfo } from '../pkcs11/token-info.ts';
import { confirmOnTerminal } from './confirm.ts';
import { promptPin, readPinFile } from './pin.ts';

/** PINs asked for at the terminal before giving up (the token may lock sooner: see its flags). */
export const MAX_PIN_PROMPTS = 3;

export interface PinSource {
  /** A PIN file: tried once. Absent: the terminal. */
  readonly pinFile?: string;
  /** Where warnings go (stderr for the CLI). */
  readonly log: (line: string) => void;
  /** The terminal prompt and confirmation; replaceable for callers with their own terminal. */
  readonly prompt?: (text: string) => Promise<Buffer>;
  readonly confirm?: (question: string) => Promise<boolean>;
}

/** Whether the token is a TPM seen through tpm2-pkcs11 (its lockout is the TPM's, not the token's). */
export function isTpmToken(token: TokenConnection): boolean {
  if (/tpm2/i.test(token.module.path)) return true;
  try {
    return /tpm2/i.test(token.module.info().manufacturer);
  } catch {
    return false;
  }
}

/** What the token's PIN flags say, as lines for the operator; empty when there is nothing to say. */
export function pinWarnings(info: TokenInfo, tpm: boolean): string[] {
  const lines: string[] = [];
  // A locked PIN is not a warning: login refuses it at once with PIN_LOCKED, before any PIN is read.
  if (info.userPinLocked) return lines;
  if (info.userPinFinalTry) lines.push(`warning: token "${info.label}" reports the final try (CKF_USER_PIN_FINAL_TRY): one more wrong PIN locks it`);
  else if (info.userPinCountLow) lines.push(`warning: token "${info.label}" reports a wrong PIN since the last good one (CKF_USER_PIN_COUNT_LOW)`);
  if (tpm) {
    lines.push(
      'note: on a TPM, wrong PINs count toward the dictionary-attack lockout of the whole TPM (every key and every user of it); ' +
        'it clears by itself after the TPM\'s recovery time, or at once with "tpm2_dictionarylockout --clear-lockout" and the lockout authorization',
    );
  }
  return lines;
}

/** Logs `token` in with the operator's PIN, as PinSource says. */
export async function loginCarefully(token: TokenConnection, source: PinSource): Promise<void> {
  const tpm = isTpmToken(token);
  const shown = new Set<string>();
  const show = (info: TokenInfo) => {
    for (const line of pinWarnings(info, tpm)) {
      if (shown.has(line)) continue;
      shown.add(line);
      source.log(line);
    }
  };
  if (source.pinFile !== undefined) {
    show(token.slot.token());
    token.login(readPinFile(source.pinFile));
    return;
  }
  const prompt = source.prompt ?? promptPin;
  const confirm = source.confirm ?? ((q: string) => confirmOnTerminal(q, 'to try'));
  for (let attempt = 1; ; attempt++) {
    const info = token.slot.token();
    show(info);
    if (info.userPinLocked) throw new SignerError('PIN_LOCKED', `the user PIN of token "${info.label}" is locked`);
    if (info.userPinFinalTry && !(await confirm(`One more wrong PIN locks token "${info.label}".`))) {
      throw new SignerError('PIN_INCORRECT', `stopped before the final PIN try on token "${info.label}"`);
    }
    try {
      token.login(await prompt(`User PIN for token "${info.label}": `));
      return;
    } catch (error) {
      if (!isSignerError(error, 'PIN_INCORRECT') || attempt >= MAX_PIN_PROMPTS) throw error;
      source.log(`wrong PIN (${attempt} of ${MAX_PIN_PROMPTS} tries here)`);
    }
  }
}
