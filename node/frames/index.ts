export { binFormat, MAX_FRAME_FILES } from './bin-format.ts';
export { decodeFrameItems } from './decode.ts';
export type { DecodedFrames, FrameObserver } from './decode.ts';
export { FrameFileError, isFrameFileError } from './errors.ts';
export type { FrameFileErrorCode } from './errors.ts';
export { compareFileNames, frameFileName, isFrameFileName } from './file-names.ts';
export type { FrameFormat, FrameItem, FrameSink, FrameSinkOptions } from './format.ts';
