export { runDemo } from './run-demo.ts';
export type { DemoOptions, DemoReport, SignedFile } from './run-demo.ts';
export { reportLines } from './report.ts';
export { DemoError } from './errors.ts';
export type { DemoErrorCode } from './errors.ts';
export { zipOf, writeRepoIndex } from './index-jar.ts';
