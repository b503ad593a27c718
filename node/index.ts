export { assetPath, bundledAssetDir, BUNDLED_ASSETS } from './assets.ts';
export { createScanner, loadFountain, loadZxing, raptorqWasmPath, zxingWasmPath } from './wasm.ts';
export { DurableFile, mkdirDurable, placeDurable, renameDurable, syncDir, syncDirSync, syncFile, tempPathFor, TEMP_MARK, writeFileDurable, writeFileDurableSync } from './durable.ts';
export type { DurableWriteOptions } from './durable.ts';
export { isLockError, LockError, lockDir, lockDirSync } from './lock.ts';
export type { LockErrorCode } from './lock.ts';
