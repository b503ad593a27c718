export { scanPictureDir, scanY4mFile, MAX_PICTURES, MAX_PICTURE_BYTES } from './read-frames.ts';
export { openPngFrames, openY4mFrames } from './write-frames.ts';
export type { PayloadSink } from './write-frames.ts';
