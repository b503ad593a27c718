/** Signing rounds: v1 goes first on its own when v2/v3 follow, because v2/v3 cover the v1 files. */
import { describe, expect, it } from 'vitest';
import { parseSchemes, planRounds, schemesThrough } from '../../../online/pipeline/index.ts';

describe('rounds', () => {
  it('splits v1 from v2/v3', () => {
    expect(planRounds(['v3', 'v1', 'v2'])).toEqual([['v1'], ['v2', 'v3']]);
    expect(planRounds(['v1', 'v3'])).toEqual([['v1'], ['v3']]);
  });

  it('keeps one round otherwise', () => {
    expect(planRounds(['v1'])).toEqual([['v1']]);
    expect(planRounds(['v3', 'v2'])).toEqual([['v2', 'v3']]);
  });

  it('lists the schemes signed so far', () => {
    const rounds = planRounds(['v1', 'v2', 'v3']);
    expect(schemesThrough(rounds, 0)).toEqual(['v1']);
    expect(schemesThrough(rounds, 1)).toEqual(['v1', 'v2', 'v3']);
  });

  it('parses a scheme list and refuses anything else', () => {
    expect(parseSchemes('v3,v1')).toEqual(['v1', 'v3']);
    expect(parseSchemes('v1,v1')).toBeUndefined();
    expect(parseSchemes('v4')).toBeUndefined();
    expect(parseSchemes('')).toBeUndefined();
  });
});
