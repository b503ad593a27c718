/**
 * `airsign fdroid init`: pins the repository certificate for later `index` runs, and edits
 * config.yml so fdroidserver runs with the key in the HSM: repo_pubkey set (the certificate, DER
 * in hex, as fdroidserver reads it), the keystore settings taken out. App key certificates given
 * with it are pinned by alias. Running it again with the same certificate changes nothing; a
 * different repository certificate is refused (clients pinned the old one).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '../../protocol/bytes.ts';
import type { PinnedCertificate } from '../store/index.ts';
import { writeFileDurable } from '../../node/durable.ts';
import { editConfigForAirsign } from './config-yml.ts';
import { FdroidError } from './errors.ts';
import { repoLayout } from './repo-layout.ts';
import { loadRepoPin, saveAppKey, saveRepoPin } from './repo-pins.ts';

export interface InitOptions {
  readonly root: string;
  /** The repository certificate; may be left out when it is pinned already. */
  readonly repoCert?: PinnedCertificate;
  /** App keys by alias. */
  readonly appKeys: readonly { readonly alias: string; readonly pin: PinnedCertificate }[];
  /** Replace a pinned repository certificate by another (clients that pinned the old one will refuse the index). */
  readonly replace?: boolean;
}

export interface InitResult {
  readonly changes: string[];
  readonly fingerprint: string;
}

export async function initRepo(options: InitOptions): Promise<InitResult> {
  const layout = repoLayout(options.root);
  const changes: string[] = [];
  const pinned = existsSync(layout.repoPin) ? await loadRepoPin(layout) : undefined;
  let pin = options.repoCert ?? pinned;
  if (pin === undefined) throw new FdroidError('NOT_INITIALISED', `give the repository certificate with --cert FILE (its key signs entry.jar and index-v1.jar)`);
  if (pinned !== undefined && pinned.sha256 !== pin.sha256 && options.replace !== true) {
    throw new FdroidError('CERT_MISMATCH', `${options.root} already pins the repository certificate ${pinned.sha256}; clients check the index against it. Give --replace to pin ${pin.sha256} instead`);
  }
  if (pinned?.sha256 !== pin.sha256) {
    await saveRepoPin(layout, pin);
    changes.push(`pinned the repository certificate ${pin.sha256} (${pin.subject}) in airsign/`);
  } else {
    pin = pinned;
  }
  const text = readFileSync(layout.config, 'utf8');
  const edit = editConfigForAirsign(text, toHex(pin.der), pin.sha256);
  if (edit.text !== text) {
    await writeFileDurable(layout.config, edit.text);
    changes.push(...edit.changes.map((c) => `config.yml: ${c}`));
  }
  for (const { alias, pin: key } of options.appKeys) {
    await saveAppKey(layout, alias, key);
    changes.push(`pinned the app key ${alias}: certificate ${key.sha256} (${key.subject})`);
  }
  for (const store of ['keystore.p12', 'keystore.jks']) {
    if (existsSync(join(layout.root, store)) && edit.changes.some((c) => c.startsWith('removed keystore:'))) {
      changes.push(`note: ${store} is no longer used by this repository (its key is not the one in the HSM); remove it when you are sure`);
    }
  }
  return { changes, fingerprint: pin.sha256 };
}
