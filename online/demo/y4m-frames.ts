/**
 * How many frames a y4m video holds, from its header and its size alone: what the screen showed
 * (or the camera captured), without reading the pictures.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { parseY4mHeader, y4mFrameBytes } from '../../protocol/optical/index.ts';
import { DemoError } from './errors.ts';

export interface VideoLength {
  readonly frames: number;
  readonly fps: number;
}

/** Our y4m writers put no parameters on the FRAME lines: each frame is "FRAME\n" and its planes. */
export function y4mLength(path: string): VideoLength {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(1024);
    const n = readSync(fd, head, 0, head.length, 0);
    const end = head.subarray(0, n).indexOf(0x0a);
    if (end < 0) throw new DemoError('UNEXPECTED_OUTPUT', `${path}: no y4m header line`);
    const info = parseY4mHeader(head.subarray(0, end).toString('latin1'));
    const frameBytes = 'FRAME\n'.length + y4mFrameBytes(info);
    return { frames: Math.floor((fstatSync(fd).size - end - 1) / frameBytes), fps: info.fpsNum / info.fpsDen };
  } finally {
    closeSync(fd);
  }
}
