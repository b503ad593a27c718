export { schemesProblem, signatureProblem } from './check.ts';
export type { SchemeSignature, SignatureProblem, SignatureProblemCode } from './check.ts';
