/**
 * online/pipeline/engine/apk-engine.ts: the round state the spool hands back is checked
 * (online/apk/state.ts parseRoundState), not cast: a state damaged on disk or by a bug is a
 * typed BAD_STATE from assemble, in this thread and on the threads' path alike; a real one passes,
 * after a trip through JSON as the spool stores it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRoundState, prepareArtifact } from '../../../../online/apk/index.ts';
import { inProcessEngineFor, threadedEngines } from '../../../../online/pipeline/engine/apk-engine.ts';
import type { PinnedCertificate } from '../../../../online/store/index.ts';
import { REAL_APK } from '../../../support/sample-apks.ts';
import { testKey } from '../../../support/software-keys.ts';
import { scratchDir } from '../../../support/tools.ts';

const key = testKey('ec256');
const pin = { der: key.certificateDer } as unknown as PinnedCertificate;

function badState(e: unknown): boolean {
  return (e as { name?: string; code?: string }).name === 'ApkError' && (e as { code?: string }).code === 'BAD_STATE';
}

describe('the engine state at the seam', () => {
  it('passes a real round state, stored as JSON and read back', async () => {
    const round = await prepareArtifact(REAL_APK, { certificateDer: key.certificateDer });
    const stored: unknown = JSON.parse(JSON.stringify(round.state));
    expect(parseRoundState(stored)).toEqual(stored);
  });

  it.each([
    ['not an object', null],
    ['an empty object', {}],
    ['a state without its item', (s: Record<string, unknown>) => ({ ...s, item: undefined })],
    ['an item the request schema refuses', (s: Record<string, unknown>) => ({ ...s, item: { ...(s.item as object), sha256: 'zz' } })],
    ['a round past its rounds', (s: Record<string, unknown>) => ({ ...s, round: 5 })],
    ['a size that is not a number', (s: Record<string, unknown>) => ({ ...s, inputSize: '9' })],
  ])('refuses %s with a typed BAD_STATE, in this thread and through the threaded engine', async (_what, damage) => {
    const round = await prepareArtifact(REAL_APK, { certificateDer: key.certificateDer });
    const stored = JSON.parse(JSON.stringify(round.state)) as Record<string, unknown>;
    const state = typeof damage === 'function' ? damage(stored) : damage;
    const out = join(scratchDir('engine-state'), 'out.apk');
    await expect(inProcessEngineFor('apk').assemble(state, pin, [], out)).rejects.toSatisfy(badState);
    await expect(threadedEngines(1).apk.assemble(state, pin, [], out)).rejects.toSatisfy(badState);
  });
});
