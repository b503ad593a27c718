/**
 * Browser glue both operator pages share (the online page and the offline signer page): the
 * camera feeding the scan worker, and QR frames played on a canvas. These are the only files in
 * protocol/ that use browser APIs, and only inside their functions: importing them anywhere is
 * harmless, and no Node code imports them (the pages' bundles do).
 */
export { startCameraScanner } from './camera-scanner.ts';
export type { CameraScanner, CameraScannerOptions } from './camera-scanner.ts';
export { drawFrame, playFrames } from './frame-player.ts';
export type { DrawOptions, FramePlayer } from './frame-player.ts';
