/**
 * Pinning a certificate needs no lock, so it works while `airsign serve` works the spool: a pin is
 * a file of its own (certs/<sha256>.json) written whole under a temporary name and renamed into
 * place, and every stage reads pins from disk when it needs one, so the running pipeline sees the
 * new pin on its next step. The event line is one small append, which the kernel keeps whole
 * beside the server's own appends.
 */
import { appendFile } from 'node:fs/promises';
import { mkdirDurable } from '../../node/durable.ts';
import { PRIVATE_FILE } from './atomic.ts';
import { savePin } from './pins.ts';
import type { PinnedCertificate } from './pins.ts';
import { Spool } from './spool.ts';
import type { SpoolOptions } from './spool.ts';

export async function pinCertificate(root: string, pin: PinnedCertificate, options: SpoolOptions = {}): Promise<void> {
  const layout = await Spool.layoutOf(root, options);
  await mkdirDurable(layout.certs);
  await savePin(layout, pin);
  const event = { at: new Date().toISOString(), kind: 'pin', sha256: pin.sha256, label: pin.label, subject: pin.subject };
  await appendFile(layout.events, `${JSON.stringify(event)}\n`, { mode: PRIVATE_FILE });
}
