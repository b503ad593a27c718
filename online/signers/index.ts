export { SoftwareSigner, SignerError } from './software-signer.ts';
export type { SoftwareKey } from './software-signer.ts';
