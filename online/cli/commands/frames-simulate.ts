/**
 * `airsign frames simulate`: what a webcam would capture of frames shown on a screen, for
 * tests, benchmarks and demos without a camera.
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { intOption, requireOption, stringOption } from '../../../protocol/cli/index.ts';
import type { Command } from '../../../protocol/cli/index.ts';
import { ProtocolError } from '../../../protocol/errors.ts';
import { encodePng, OpticalError } from '../../../protocol/optical/index.ts';
import type { GreyImage } from '../../../protocol/optical/index.ts';
import { syncDir, writeFileDurable } from '../../../node/durable.ts';
import { readPictures } from '../../../node/frames/index.ts';
import { openVideo, openVideoWriter } from '../../optical/index.ts';
import { CameraSimulator, SEVERITY_NAMES } from '../../optical/simulator/index.ts';
import type { Severity } from '../../optical/simulator/index.ts';

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

async function* dirFrames(dir: string): AsyncGenerator<GreyImage> {
  for await (const item of readPictures(dir)) {
    if ('problem' in item) throw new OpticalError('READ_FAILED', `${item.label}: ${item.problem}`);
    yield item.image;
  }
}

const VIDEO = /\.(y4m|mp4|mkv|mov|webm)$/i;

export const framesSimulateCommand: Command = {
  name: 'frames simulate',
  summary: 'show frames to a simulated 1280x720 30 fps webcam and write what it captures',
  usage: '<in.y4m | video | dir>',
  options: {
    out: { type: 'string', value: 'OUT', description: 'captures as a video (.y4m, .mp4, .webm...) or a directory of PNG pictures' },
    'display-fps': { type: 'string', value: 'N', description: 'frames per second the screen shows (default: the input video\'s rate, or 10)' },
    seed: { type: 'string', value: 'N', description: 'seed of the simulation (same seed, same captures)', default: '1' },
    severity: { type: 'string', value: 'NAME', description: `capture conditions: ${SEVERITY_NAMES.join(', ')}`, default: 'typical' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const input = ctx.positionals[0]!;
    const out = requireOption(ctx.options, 'out');
    const seed = intOption(ctx.options, 'seed', 0, 0xffffffff) ?? 1;
    const severity = stringOption(ctx.options, 'severity') ?? 'typical';
    if (!SEVERITY_NAMES.includes(severity as Severity)) throw new ProtocolError('USAGE', `unknown severity "${severity}"; choose one of ${SEVERITY_NAMES.join(', ')}`);
    let frames: AsyncGenerator<GreyImage>;
    let inputFps = 10;
    if (await isDirectory(input)) {
      frames = dirFrames(input);
    } else {
      const video = await openVideo(input);
      frames = video.frames;
      inputFps = video.info.fpsNum / video.info.fpsDen;
    }
    const displayFps = intOption(ctx.options, 'display-fps', 1, 120) ?? inputFps;
    const simulator = new CameraSimulator({ displayFps, seed, severity: severity as Severity });
    const cam = simulator.camera;
    let written = 0;
    if (VIDEO.test(out)) {
      const writer = await openVideoWriter(out, cam, cam.fps);
      for await (const capture of simulator.capturesFrom(frames)) {
        await writer.write(capture.image);
        written++;
      }
      await writer.close();
    } else {
      await mkdir(out, { recursive: true });
      if ((await readdir(out)).some((n) => n.startsWith('capture-'))) throw new OpticalError('OUTPUT_EXISTS', `${out} already holds captures`);
      for await (const capture of simulator.capturesFrom(frames)) {
        await writeFileDurable(join(out, `capture-${String(capture.index + 1).padStart(6, '0')}.png`), encodePng(capture.image, { level: 1 }), { mode: 0o644, exclusive: true, syncDir: false });
        written++;
      }
      await syncDir(out);
    }
    ctx.out(`wrote ${written} captures (${cam.width}x${cam.height} at ${cam.fps} fps, ${severity}, seed ${seed}) of frames shown at ${displayFps} fps to ${out}`);
    return 0;
  },
};
