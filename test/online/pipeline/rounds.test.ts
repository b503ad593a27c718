/** online/pipeline/rounds.ts: Scheme lists: parsed strictly; the schemes signed so far across rounds. */
import { describe, expect, it } from 'vitest';
import { parseSchemes, schemesThrough } from '../../../online/pipeline/index.ts';

describe('rounds', () => {
  it('lists the schemes signed so far', () => {
    const rounds: ('v1' | 'v2' | 'v3')[][] = [['v1'], ['v2', 'v3']];
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
