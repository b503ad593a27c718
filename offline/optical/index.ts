export { scanPictureDir, scanY4mFile } from './read-frames.ts';
export { openPngFrames, openY4mFrames } from './write-frames.ts';
