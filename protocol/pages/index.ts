/**
 * Browser glue both operator pages share (the online page and the offline signer page): the
 * camera feeding the scan worker, a whole transfer scanned with live progress, and transfers
 * played as QR frames on a canvas. These are the only files in protocol/ that use browser APIs,
 * and only inside their functions: importing them anywhere is harmless, and no Node code imports
 * them (the pages' bundles do).
 */
export { startCameraScanner } from './camera-scanner.ts';
export type { CameraScanner, CameraScannerOptions } from './camera-scanner.ts';
export { drawFrame, drawFrames, fitCanvasToDisplay, playFrames } from './frame-player.ts';
export type { DrawOptions, FramePlayer } from './frame-player.ts';
export { scanTransfer } from './scan-transfer.ts';
export type { ScanProgress, TransferScan, TransferScanOptions } from './scan-transfer.ts';
export { createScanStep } from './scan-step.ts';
export type { ScanStep, ScanStepOptions } from './scan-step.ts';
export { showTransfer } from './play-transfer.ts';
export { createQrDisplay } from './qr-display.ts';
export type { QrDisplay, QrDisplayOptions } from './qr-display.ts';
export { densityForMessage, FEW_FRAMES } from './auto-density.ts';
export type { TransferShow } from './play-transfer.ts';
export { byId, el, setText, setAlert, showStep, plural } from './dom.ts';
export { CONTENT_SECURITY_POLICY, PAGE_SECURITY_HEADERS, PAGE_API_HEADER } from './security-headers.ts';
