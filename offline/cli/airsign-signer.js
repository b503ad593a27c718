#!/usr/bin/env node
// Entry point of the offline signer in a checkout: its prebuilt JavaScript, rebuilt when a source
// changed (prebuilt/launch.js); AIRSIGN_FROM_SOURCE=1 runs the TypeScript sources through tsx.
// The offline laptop runs the bundle instead (offline/bundle), which carries nothing of online/.
import { launch } from '../../prebuilt/launch.js';
await launch('airsign-signer', 'offline/cli/main.ts');
