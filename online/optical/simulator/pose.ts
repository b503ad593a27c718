/**
 * Where the displayed image lands in the camera frame: a rectangle in 3-D, tilted, rolled and
 * offset, seen through a pinhole camera. A session draws one pose; each capture adds shake.
 */
import type { CameraOptions } from './camera-model.ts';
import type { Vec2 } from './homography.ts';
import type { Prng } from './prng.ts';

export interface Pose {
  /** Degrees about the x (pitch), y (yaw) and z (roll) axes. */
  readonly pitch: number;
  readonly yaw: number;
  readonly roll: number;
  /** Offset of the image centre from the frame centre, pixels. */
  readonly dx: number;
  readonly dy: number;
}

export function drawSessionPose(camera: CameraOptions, rng: Prng): Pose {
  return {
    pitch: rng.range(-camera.tilt, camera.tilt),
    yaw: rng.range(-camera.tilt, camera.tilt),
    roll: rng.range(-camera.roll, camera.roll),
    dx: rng.range(-camera.offset, camera.offset) * camera.height,
    dy: rng.range(-camera.offset, camera.offset) * camera.height,
  };
}

export function shakePose(pose: Pose, camera: CameraOptions, rng: Prng): Pose {
  const s = camera.shake;
  return {
    pitch: pose.pitch + 0.1 * s * rng.normal(),
    yaw: pose.yaw + 0.1 * s * rng.normal(),
    roll: pose.roll + 0.1 * s * rng.normal(),
    dx: pose.dx + s * rng.normal(),
    dy: pose.dy + s * rng.normal(),
  };
}

/** Camera-pixel corners (TL, TR, BR, BL) of an image of the given aspect (width / height). */
export function projectCorners(pose: Pose, aspect: number, camera: CameraOptions): Vec2[] {
  const f = camera.width; // focal length in pixels: about a 64-degree horizontal field of view
  // The picture spans `coverage` of the frame height, or of its width when it is wider than the
  // frame: the operator frames the whole picture, so a wide one is not larger in the camera.
  const half = (camera.coverage * Math.min(camera.height, camera.width / aspect)) / 2;
  const rad = Math.PI / 180;
  const [cp, sp] = [Math.cos(pose.pitch * rad), Math.sin(pose.pitch * rad)];
  const [cy, sy] = [Math.cos(pose.yaw * rad), Math.sin(pose.yaw * rad)];
  const [cr, sr] = [Math.cos(pose.roll * rad), Math.sin(pose.roll * rad)];
  const corners: Vec2[] = [[-aspect * half, -half], [aspect * half, -half], [aspect * half, half], [-aspect * half, half]];
  return corners.map(([x0, y0]) => {
    // roll in the image plane, then yaw about y, then pitch about x; the plane sits at z = f.
    const x1 = cr * x0 - sr * y0;
    const y1 = sr * x0 + cr * y0;
    const x2 = cy * x1;
    const z2 = -sy * x1;
    const y3 = cp * y1 - sp * z2;
    const z3 = sp * y1 + cp * z2 + f;
    return [camera.width / 2 + pose.dx + (f * x2) / z3, camera.height / 2 + pose.dy + (f * y3) / z3] as Vec2;
  });
}
