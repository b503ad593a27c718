export { OfflineSigner } from './offline-signer.ts';
export type { OfflineSignerOptions } from './offline-signer.ts';
export { reviewRequest } from './review.ts';
export type { Review, ReviewItem, ReviewInput } from './review.ts';
export { signReview } from './sign-review.ts';
export type { SignContext, SignOptions } from './sign-review.ts';
