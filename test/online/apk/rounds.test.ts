/**
 * The two-round protocol and its state: what crosses the link per round, state that survives
 * JSON, and assembly refusing bad signatures, changed inputs and misuse.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildToBeSigned } from '../../../protocol/signing/index.ts';
import type { ToBeSigned } from '../../../protocol/signing/index.ts';
import { assembleArtifact, chooseRounds, prepareArtifact, verifyArtifact } from '../../../online/apk/index.ts';
import type { RoundState, ItemFields } from '../../../online/apk/index.ts';
import { testKey } from '../../support/software-keys.ts';
import type { TestKey } from '../../support/software-keys.ts';
import { scratchDir } from '../../support/tools.ts';
import { buildTestApk } from '../../support/zip-builder.ts';

const dir = scratchDir('rounds');

function signAll(tbs: readonly ToBeSigned[], key: TestKey) {
  return tbs.map((t) => ({ scheme: t.scheme, method: t.method, signature: new Uint8Array(sign(t.hash, t.data, key.privateKey)) }));
}

/** The item of an APK round, with its APK fields. */
function apkFields(item: ItemFields): Extract<ItemFields, { artifact: 'apk' }> {
  if (item.artifact !== 'apk') throw new Error(`expected an APK item, got ${item.artifact}`);
  return item;
}

/** Bytes of the values an item carries (field names are shared vocabulary, compressed away on the link). */
function valueBytes(fields: ItemFields): number {
  const item = apkFields(fields);
  const v1 = item.v1 === undefined ? 0 : item.v1.sfDigest.length + 1;
  const v2v3 = item.v2v3 === undefined ? 0 : item.v2v3.contentDigest.length + 8;
  return 1 + 1 + Buffer.byteLength(item.name) + 8 + Buffer.byteLength(item.versionName) + item.sha256.length + item.schemes.length + v1 + v2v3;
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('rounds', () => {
  it('chooses schemes as apksigner does', () => {
    expect(chooseRounds('apk', 21)).toEqual([['v1'], ['v2', 'v3']]);
    expect(chooseRounds('apk', 23)).toEqual([['v1'], ['v2', 'v3']]);
    expect(chooseRounds('apk', 24)).toEqual([['v2', 'v3']]);
    expect(chooseRounds('apk', 33)).toEqual([['v2', 'v3']]);
    expect(chooseRounds('apk', 33, ['v1', 'v2'])).toEqual([['v1'], ['v2']]);
    expect(chooseRounds('apk', 24, ['v2'])).toEqual([['v2']]);
    expect(chooseRounds('apk', 28, ['v3'])).toEqual([['v3']]);
    expect(chooseRounds('apk', 26, ['v1'], 29)).toEqual([['v1']]);
    expect(chooseRounds('jar', 0)).toEqual([['v1']]);
    expect(() => chooseRounds('jar', 0, ['v2'])).toThrow(expect.objectContaining({ code: 'BAD_SCHEMES' }));
    // Below API level 19 v1 is signed over the .SF itself, in a round of its own; v2 and v3 follow, as apksigner signs them.
    expect(chooseRounds('apk', 18)).toEqual([['v1'], ['v2', 'v3']]);
    expect(chooseRounds('apk', 14)).toEqual([['v1'], ['v2', 'v3']]);
  });

  it('refuses, before anything is signed, schemes some platform the APK installs on would refuse', () => {
    const refused = (minSdk: number, schemes: readonly ('v1' | 'v2' | 'v3')[], targetSdk?: number) => {
      try {
        chooseRounds('apk', minSdk, schemes, targetSdk);
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return undefined;
    };
    // v2/v3 alone below API level 24: platforms 18-23 verify v1 only (the case that once spent HSM signatures).
    expect(refused(18, ['v2', 'v3'])).toBe('BAD_SCHEMES');
    expect(refused(14, ['v2'])).toBe('BAD_SCHEMES');
    expect(refused(23, ['v2', 'v3'])).toBe('BAD_SCHEMES');
    // v3 alone below API level 28: Android 7 and 8 read v1 or v2.
    expect(refused(21, ['v3'])).toBe('BAD_SCHEMES');
    expect(refused(24, ['v3'])).toBe('BAD_SCHEMES');
    expect(refused(24, ['v1', 'v3'])).toBeUndefined();
    // v1 alone for targetSdk 30 and up: Android 11 wants v2 or v3.
    expect(refused(26, ['v1'], 30)).toBe('BAD_SCHEMES');
    expect(refused(30, ['v1'])).toBe('BAD_SCHEMES');
  });

  it('runs two rounds with the state passed through JSON, as the pipeline keeps it', async () => {
    const key = testKey('rsa3072');
    const input = join(dir, 'two-rounds.apk');
    writeFileSync(input, buildTestApk({ minSdk: 21 }));
    const first = await prepareArtifact(input, { certificateDer: key.certificateDer });
    expect(first.item).toMatchObject({ artifact: 'apk', name: 'org.airsign.sample', versionCode: 7, versionName: '1.2.3', schemes: ['v1'] });
    expect(first.item.v1?.sfDigest.length).toBe(32);
    expect(apkFields(first.item).v2v3).toBeUndefined();
    expect(valueBytes(first.item)).toBeLessThan(200);
    // The item lives on the pipeline's record only: the engine's state keeps no second copy of it.
    expect('item' in first.state).toBe(false);
    const state1 = JSON.parse(JSON.stringify(first.state)) as RoundState;
    const r1 = await assembleArtifact(state1, first.item, signAll(buildToBeSigned(first.item, key.certificateDer), key), join(dir, 'two-rounds.v1.apk'));
    expect(r1.done).toBe(false);
    if (r1.done) return;
    const second = r1.next;
    expect(second.item.schemes).toEqual(['v2', 'v3']);
    expect(second.item.sha256).toEqual(first.item.sha256);
    expect(apkFields(second.item).v2v3?.contentDigest.length).toBe(32);
    expect(valueBytes(second.item)).toBeLessThan(200);
    const state2 = JSON.parse(JSON.stringify(second.state)) as RoundState;
    const out = join(dir, 'two-rounds.signed.apk');
    const r2 = await assembleArtifact(state2, second.item, signAll(buildToBeSigned(second.item, key.certificateDer), key), out);
    expect(r2).toEqual({ done: true, outPath: out });
    expect((await verifyArtifact(out, { certificateDer: key.certificateDer })).ok).toBe(true);
  });

  it('keeps a RSA 4096 item (SHA-512 digest) under 200 bytes of values', async () => {
    const input = join(dir, 'rsa4096.apk');
    writeFileSync(input, buildTestApk({ minSdk: 26 }));
    const { item } = await prepareArtifact(input, { certificateDer: testKey('rsa4096').certificateDer });
    expect(apkFields(item).v2v3?.contentDigest.length).toBe(64);
    expect(valueBytes(item)).toBeLessThan(200);
  });

  describe('assembly refuses', () => {
    const key = testKey('ec256');
    const setup = async (name: string, minSdk = 26) => {
      const input = join(dir, name);
      writeFileSync(input, buildTestApk({ minSdk }));
      const prepared = await prepareArtifact(input, { certificateDer: key.certificateDer });
      return { input, prepared, tbs: buildToBeSigned(prepared.item, key.certificateDer) };
    };

    it('a signature by another key', async () => {
      const { prepared, tbs } = await setup('other-key.apk');
      const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;
      const wrong = tbs.map((t) => ({ scheme: t.scheme, method: t.method, signature: new Uint8Array(sign('sha256', t.data, other)) }));
      expect(await codeOf(assembleArtifact(prepared.state, prepared.item, wrong, join(dir, 'x.apk')))).toBe('BAD_SIGNATURE');
    });

    it('a corrupted signature, a missing one, and a wrong algorithm', async () => {
      const { prepared, tbs } = await setup('corrupt-sig.apk');
      const good = signAll(tbs, key);
      const flipped = good.map((s, i) => (i === 0 ? { ...s, signature: Uint8Array.from(s.signature, (b, j) => (j === 10 ? b ^ 1 : b)) } : s));
      expect(await codeOf(assembleArtifact(prepared.state, prepared.item, flipped, join(dir, 'y.apk')))).toBe('BAD_SIGNATURE');
      expect(await codeOf(assembleArtifact(prepared.state, prepared.item, good.slice(1), join(dir, 'y.apk')))).toBe('BAD_SIGNATURE');
      expect(await codeOf(assembleArtifact(prepared.state, prepared.item, good.map((s) => ({ ...s, method: 'rsa-pkcs1-sha256' as const })), join(dir, 'y.apk')))).toBe('BAD_SIGNATURE');
    });

    it('an input that changed after prepare (same size)', async () => {
      const { input, prepared, tbs } = await setup('changed.apk');
      const bytes = readFileSync(input);
      const at = bytes.indexOf('resources.arsc') + 'resources.arsc'.length + 20;
      bytes[at] = bytes[at]! ^ 0xff;
      writeFileSync(input, bytes);
      expect(await codeOf(assembleArtifact(prepared.state, prepared.item, signAll(tbs, key), join(dir, 'z.apk')))).toBe('INPUT_CHANGED');
    });

    it('an input that changed before a v1 round', async () => {
      const { input, prepared, tbs } = await setup('changed-v1.apk', 21);
      writeFileSync(input, buildTestApk({ minSdk: 21, versionCode: 8 }));
      expect(await codeOf(assembleArtifact(prepared.state, prepared.item, signAll(tbs, key), join(dir, 'w.apk')))).toBe('INPUT_CHANGED');
    });

    it('writing over the input, and a state from elsewhere', async () => {
      const { input, prepared, tbs } = await setup('overwrite.apk');
      expect(await codeOf(assembleArtifact(prepared.state, prepared.item, signAll(tbs, key), input))).toBe('BAD_STATE');
      const forged = { ...prepared.item, sha256: new Uint8Array(3) };
      expect(await codeOf(assembleArtifact(prepared.state, forged, signAll(tbs, key), join(dir, 'v.apk')))).toBe('BAD_STATE');
      // The item of another round (its schemes are not this round's).
      const otherRound = { ...prepared.item, schemes: ['v1' as const] };
      expect(await codeOf(assembleArtifact(prepared.state, otherRound, signAll(tbs, key), join(dir, 'v.apk')))).toBe('BAD_STATE');
    });
  });
});
