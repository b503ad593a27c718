export { CameraSimulator } from './simulate.ts';
export type { Capture, SimulatorOptions } from './simulate.ts';
export { SEVERITIES, SEVERITY_NAMES } from './camera-model.ts';
export type { CameraOptions, Severity } from './camera-model.ts';
export { Prng } from './prng.ts';
