import { readFile } from 'node:fs/promises';
import type { Command } from '../../../protocol/cli/index.ts';
import { certificateFromFile } from '../../pins/index.ts';
import { listPins, pinCertificate, Spool } from '../../store/index.ts';
import { readMessageFile } from '../parts.ts';
import { SPOOL_OPTIONS, spoolDir } from '../spool-dir.ts';

export const certsAddCommand: Command = {
  name: 'certs add',
  summary: 'pin a signing certificate (PEM, DER, or the key ceremony\'s certificate message file); works while the server runs',
  usage: '<certificate file>',
  options: { ...SPOOL_OPTIONS },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const pin = certificateFromFile(new Uint8Array(await readFile(ctx.positionals[0]!)), readMessageFile);
    // No lock: this works while the server runs, which picks the pin up on its next step.
    await pinCertificate(await spoolDir(ctx.options), pin, { create: { pickupDir: 'pickup', pickupLayout: 'by-id' } });
    ctx.log(`pinned ${pin.label} (${pin.subject}, valid until ${pin.notAfter})`);
    ctx.out(pin.sha256);
    return 0;
  },
};

export const certsListCommand: Command = {
  name: 'certs list',
  summary: 'list the pinned signing certificates: SHA-256, label, subject',
  usage: '',
  options: { ...SPOOL_OPTIONS },
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const spool = await Spool.openReadOnly(await spoolDir(ctx.options));
    for (const pin of await listPins(spool.layout)) ctx.out(`${pin.sha256}  ${pin.label}  (${pin.subject}; until ${pin.notAfter})`);
    return 0;
  },
};
