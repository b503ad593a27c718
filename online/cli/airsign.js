#!/usr/bin/env node
// Entry point of the online side: its prebuilt JavaScript, rebuilt when a source changed
// (prebuilt/launch.js); AIRSIGN_FROM_SOURCE=1 runs the TypeScript sources through tsx.
import { launch } from '../../prebuilt/launch.js';
await launch('airsign', 'online/cli/main.ts');
