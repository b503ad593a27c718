export { DEFAULT_IDLE_LOGOUT_MS, SigningDesk } from './signing-desk.ts';
export type { Decision, DeskOptions } from './signing-desk.ts';
export { startSignerPage } from './server.ts';
export type { SignerPageServer } from './server.ts';
export { loadServedFiles, PAGE_FILE_NAMES } from './page-files.ts';
export type { ServedFile } from './page-files.ts';
