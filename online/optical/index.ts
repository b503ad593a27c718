export { openVideo, openVideoWriter, isY4m } from './video.ts';
export type { VideoWriter } from './video.ts';
export { openVideoSink } from './video-sink.ts';
export type { VideoSinkOptions } from './video-sink.ts';
export { scanVideo } from './scan-source.ts';
export { bundleBrowserScript, bundleScanWorker } from './bundle.ts';
export { pngFrameFormat, videoFrameFormat, isVideoPath, DEFAULT_DISPLAY_FPS, VIDEO_EXTENSIONS } from './frame-formats.ts';
