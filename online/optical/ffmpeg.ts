/**
 * ffmpeg as a pipe for video formats other than y4m (mp4, webm, mkv...). Arguments go straight
 * to the process (no shell), and paths are given as file: URLs so a name can never be read as
 * an option or a network protocol.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { OpticalError } from '../../protocol/optical/index.ts';

export function ffmpegPath(path: string): string {
  return `file:${resolve(path)}`;
}

export interface FfmpegRun {
  readonly process: ChildProcess;
  /** Resolves when ffmpeg exits 0; rejects with its last stderr lines otherwise. */
  readonly done: Promise<void>;
}

export function runFfmpeg(args: readonly string[]): FfmpegRun {
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-2000);
  });
  const done = new Promise<void>((resolveDone, reject) => {
    child.on('error', (cause) => reject(new OpticalError('TOOL_FAILED', `cannot run ffmpeg: ${cause.message}`, { cause })));
    child.on('close', (code, signal) => {
      if (code === 0) resolveDone();
      else reject(new OpticalError('TOOL_FAILED', `ffmpeg failed (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`));
    });
  });
  done.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
  return { process: child, done };
}

/** Encoder arguments by container: lossless-enough settings that keep QR edges sharp. */
export function encoderArgs(path: string): string[] {
  const ext = path.toLowerCase().split('.').pop() ?? '';
  switch (ext) {
    case 'webm':
      return ['-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-crf', '12', '-b:v', '0', '-pix_fmt', 'yuv420p'];
    case 'mp4':
    case 'mkv':
    case 'mov':
      return ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '12', '-pix_fmt', 'yuv420p'];
    default:
      throw new OpticalError('UNSUPPORTED', `unknown video container ".${ext}": use .y4m, .mp4, .mkv, .mov or .webm`);
  }
}
