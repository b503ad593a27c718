export { loadFountain, raptorqWasmPath } from './load-fountain.ts';
export { frameFormat, frameFormatNames, registerFrameFormat } from './formats.ts';
export type { FrameFormat, FrameItem, FrameSink, FrameSinkOptions } from './format.ts';
export { binFormat } from './bin-format.ts';
export { frameFileName, isFrameFileName, compareFileNames } from './file-names.ts';
export { FrameFileError } from './errors.ts';
export type { FrameFileErrorCode } from './errors.ts';
