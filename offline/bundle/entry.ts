/**
 * The offline bundle's entry point: points the signer at the bundle's own assets, then runs it.
 * Built into signer.mjs by build.ts; never used from a checkout.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../cli/main.ts';

process.env.AIRSIGN_ASSET_DIR ??= join(dirname(fileURLToPath(import.meta.url)), 'assets');
process.exitCode = await main(process.argv.slice(2));
