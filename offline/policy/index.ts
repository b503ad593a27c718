export { Policy, Rule, KeySelector, NamePattern } from './schema.ts';
export { loadPolicy, parsePolicy } from './load.ts';
export { PolicyState } from './state.ts';
export { evaluateRequest, checkRollback } from './evaluate.ts';
export type { Verdict, ItemVerdict, EvaluateInput } from './evaluate.ts';
export { globMatches } from './glob.ts';
export { startingPolicy, policyText } from './init.ts';
