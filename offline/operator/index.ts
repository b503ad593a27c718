export { promptPin, readPinFile, MAX_PIN_BYTES } from './pin.ts';
export { confirmOnTerminal } from './confirm.ts';
export { reviewLines, summarize, shortDigest } from './review-text.ts';
export type { ReviewSummary } from './review-text.ts';
