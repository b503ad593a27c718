/**
 * Step 3, when the token is not logged in: the operator types the user PIN. Its bytes go to the
 * local server in a POST body and are wiped here; the field is emptied at once, and the PIN never
 * appears in a URL, the page or a log.
 */
import { ApiError, api } from './api.ts';
import { byId, setAlert, setText, showStep } from '../../protocol/pages/index.ts';
import type { TokenView } from './view.ts';

/** Resolves once logged in; rejects with 'cancelled' when the operator goes back. */
export function askPin(token: TokenView, what: string, onCancel: () => void): Promise<TokenView> {
  const form = byId<HTMLFormElement>('pin-form');
  const input = byId<HTMLInputElement>('pin');
  input.value = '';
  setText('pin-label', `User PIN of token "${token.label}"`);
  setText('pin-what', `${what} The token is logged out again after the batch.`);
  setAlert('pin-error', undefined);
  showStep('step-pin', input);
  return new Promise((resolve) => {
    const cancel = byId<HTMLButtonElement>('pin-cancel');
    const cleanup = () => {
      form.onsubmit = null;
      cancel.onclick = null;
    };
    cancel.onclick = () => {
      input.value = '';
      cleanup();
      onCancel();
    };
    form.onsubmit = (event) => {
      event.preventDefault();
      const pin = new TextEncoder().encode(input.value);
      input.value = '';
      if (pin.length === 0) {
        setAlert('pin-error', 'Type the PIN first.');
        return;
      }
      const submit = byId<HTMLButtonElement>('pin-submit');
      submit.disabled = true;
      api
        .login(pin)
        .then(
          (loggedIn) => {
            cleanup();
            resolve(loggedIn);
          },
          (error: unknown) => {
            const code = error instanceof ApiError ? error.code : 'ERROR';
            const text = code === 'PIN_INCORRECT' ? 'Wrong PIN. Try again.' : code === 'PIN_LOCKED' ? 'The PIN is locked on the token: it cannot sign until an officer unlocks it.' : error instanceof Error ? error.message : String(error);
            setAlert('pin-error', text);
            input.focus();
          },
        )
        .finally(() => {
          pin.fill(0);
          submit.disabled = false;
        });
    };
  });
}
