/**
 * A certificate message scanned from the signer's screen, pinned: the same reading as
 * `airsign certs add` (online/pins), so a scanned certificate and a file one are one thing.
 */
import { certificateFromFile } from '../pins/index.ts';
import type { PipelineParts } from '../pipeline/index.ts';
import type { PinnedCertificate } from '../store/index.ts';
import type { PinnedView } from '../pages/operator/view.ts';

export async function pinScanned(transfer: Uint8Array, parts: PipelineParts, save: (pin: PinnedCertificate) => Promise<void>): Promise<PinnedView> {
  const pin = certificateFromFile(transfer, (bytes) => parts.codec.readMessageFile(bytes));
  await save(pin);
  return { label: pin.label, sha256: pin.sha256, subject: pin.subject, notAfter: pin.notAfter };
}
