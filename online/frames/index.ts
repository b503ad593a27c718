export { frameFormat, frameFormatNames, registerFrameFormat } from './formats.ts';
