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
    ['a state that is not an object', () => null, undefined],
    ['an empty state', () => ({}), undefined],
    ['a round past its rounds', (s: Record<string, unknown>) => ({ ...s, round: 5 }), undefined],
    ['a size that is not a number', (s: Record<string, unknown>) => ({ ...s, inputSize: '9' }), undefined],
    ['an item the request schema refuses', undefined, (i: Record<string, unknown>) => ({ ...i, sha256: new Uint8Array(3) })],
    ['the item of another round', undefined, (i: Record<string, unknown>) => ({ ...i, schemes: ['v1'] })],
  ])('refuses %s with a typed BAD_STATE, in this thread and through the threaded engine', async (_what, damageState, damageItem) => {
    const round = await prepareArtifact(REAL_APK, { certificateDer: key.certificateDer });
    const stored = JSON.parse(JSON.stringify(round.state)) as Record<string, unknown>;
    const state = damageState === undefined ? stored : damageState(stored);
    const item = (damageItem === undefined ? round.item : damageItem({ ...round.item })) as typeof round.item;
    const out = join(scratchDir('engine-state'), 'out.apk');
    await expect(inProcessEngineFor('apk').assemble(state, item, pin, [], out)).rejects.toSatisfy(badState);
    await expect(threadedEngines(1).apk.assemble(state, item, pin, [], out)).rejects.toSatisfy(badState);
  });
});
