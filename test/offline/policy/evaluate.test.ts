/** Each policy rule, on plain requests and key descriptions (the signing tests run them on a token). */
import { describe, expect, it } from 'vitest';
import type { SigningItem, SigningRequest } from '../../../protocol/messages/index.ts';
import type { TokenKey } from '../../../offline/pkcs11/keys.ts';
import { checkRollback, evaluateRequest } from '../../../offline/policy/evaluate.ts';
import { globMatches } from '../../../offline/policy/glob.ts';
import { startingPolicy } from '../../../offline/policy/init.ts';
import { keyPurposes } from '../../../offline/policy/key-purpose.ts';
import { parsePolicy } from '../../../offline/policy/load.ts';
import type { Policy } from '../../../offline/policy/schema.ts';
import { PolicyState } from '../../../offline/policy/state.ts';

const NOW = 1_800_000_000;
const fp = (b: number) => new Uint8Array(32).fill(b);
const hex = (b: number) => Buffer.from(fp(b)).toString('hex');

const keyA: TokenKey = { label: 'app-a', id: Uint8Array.of(1), certificate: new Uint8Array(10), fingerprint: fp(0xa1), keyType: { kind: 'rsa', bits: 3072 }, privateKey: undefined };
const keyB: TokenKey = { label: 'index', id: Uint8Array.of(2), certificate: new Uint8Array(10), fingerprint: fp(0xb2), keyType: { kind: 'ec', curve: 'p256' }, privateKey: undefined };

/** An APK item, or with `artifact: 'jar'` a JAR item, with the fields given replaced. */
function item(over: Record<string, unknown> = {}): SigningItem {
  const base =
    over.artifact === 'jar'
      ? { key: 0, artifact: 'jar', name: 'entry.jar', timestamp: 10, indexVersion: '', sha256: fp(0x55), schemes: ['v1'], v1: { digestAlgorithm: 'sha256', sfDigest: fp(2) } }
      : { key: 0, artifact: 'apk', name: 'org.example.app', versionCode: 10, versionName: '1.0', sha256: fp(0x55), schemes: ['v2', 'v3'], v2v3: { contentDigest: fp(1), v3MinSdk: 28, v3MaxSdk: 0x7fffffff } };
  return { ...base, ...over } as SigningItem;
}

function request(items: SigningItem[], over: Partial<SigningRequest> = {}): SigningRequest {
  return { v: 2, kind: 'request', requestId: new Uint8Array(16), issuedAt: NOW - 10, keys: [fp(0xa1), fp(0xb2), fp(0xee)], items, ...over };
}

function policy(over: Record<string, unknown> = {}): Policy {
  return parsePolicy(
    JSON.stringify({
      version: 1,
      rules: [
        { keys: [`sha256:${hex(0xa1)}`], packages: ['org.example.*'], artifacts: ['apk'] },
        { keys: ['label:index'], packages: ['entry.jar', 'index-v1.jar'], artifacts: ['jar'] },
      ],
      ...over,
    }),
  );
}

function verdicts(req: SigningRequest, pol = policy(), state = PolicyState.empty(), resign = false) {
  return evaluateRequest({ policy: pol, state, request: req, requestDigest: hex(0x77), keys: [keyA, keyB], now: NOW, resign }).map((v) =>
    v.verdict.allowed ? 'ALLOWED' : v.verdict.reason,
  );
}

describe('policy', () => {
  it('lets a key sign the names and kinds its rules give it, and nothing else', () => {
    const req = request([
      item(),
      item({ name: 'org.example.app.debug' }),
      item({ name: 'com.other.app' }),
      item({ artifact: 'jar', name: 'org.example.jar', schemes: ['v1'] }),
      item({ key: 1, artifact: 'jar', name: 'entry.jar' }),
      item({ key: 1, name: 'org.example.app' }),
      item({ key: 2 }),
      item({ key: 5 }),
    ]);
    expect(verdicts(req)).toEqual([
      'ALLOWED',
      'ALLOWED',
      'POLICY_PACKAGE_NOT_ALLOWED',
      'POLICY_ARTIFACT_KIND_NOT_ALLOWED',
      'ALLOWED',
      'POLICY_PACKAGE_NOT_ALLOWED',
      'UNKNOWN_KEY',
      'INVALID_ITEM',
    ]);
  });

  it('refuses a key no rule names', () => {
    const pol = policy({ rules: [{ keys: ['label:index'], packages: ['*'], artifacts: ['apk'] }, { keys: ['label:index'], packages: ['*'], artifacts: ['jar'] }] });
    expect(verdicts(request([item()]), pol)).toEqual(['POLICY_KEY_NOT_ALLOWED']);
    const all = policy({ rules: [{ keys: ['*'], packages: ['*'], artifacts: ['apk'] }, { keys: ['*'], packages: ['*'], artifacts: ['jar'] }] });
    expect(verdicts(request([item(), item({ key: 1 })]), all)).toEqual(['ALLOWED', 'ALLOWED']);
  });

  it('refuses every item of a request with too many items, too old, or from the future', () => {
    expect(verdicts(request([item(), item()]), policy({ maxItemsPerRequest: 1 }))).toEqual(['POLICY_TOO_MANY_ITEMS', 'POLICY_TOO_MANY_ITEMS']);
    expect(verdicts(request([item()], { issuedAt: NOW - 86401 }))).toEqual(['POLICY_REQUEST_EXPIRED']);
    expect(verdicts(request([item()], { issuedAt: NOW - 86400 }))).toEqual(['ALLOWED']);
    expect(verdicts(request([item()], { issuedAt: NOW + 301 }))).toEqual(['POLICY_REQUEST_FROM_FUTURE']);
    expect(verdicts(request([item()], { issuedAt: NOW + 60 }), policy({ maxClockSkewSeconds: 30 }))).toEqual(['POLICY_REQUEST_FROM_FUTURE']);
  });

  it('refuses a request already signed unless the operator says to sign it again', () => {
    const state = PolicyState.empty();
    state.markSigned(hex(0x77), NOW - 5);
    expect(verdicts(request([item()]), policy(), state)).toEqual(['POLICY_ALREADY_SIGNED']);
    expect(verdicts(request([item()]), policy(), state, true)).toEqual(['ALLOWED']);
  });

  it('makes version codes rise per name and key; the same artifact may be signed again at its version', () => {
    const pol = policy();
    const state = PolicyState.empty();
    state.recordVersion(hex(0xa1), 'apk:org.example.app', 10, hex(0x55));
    const check = (over: Partial<SigningItem>, key = 0xa1) => {
      const v = checkRollback(pol, state.clone(), hex(key), item(over));
      return v.allowed ? 'ALLOWED' : v.reason;
    };
    expect(check({ versionCode: 11 })).toBe('ALLOWED');
    expect(check({ versionCode: 10 })).toBe('ALLOWED'); // same artifact: second round or a re-sign
    expect(check({ versionCode: 10, sha256: fp(0x56) })).toBe('POLICY_VERSION_ROLLBACK');
    expect(check({ versionCode: 9 })).toBe('POLICY_VERSION_ROLLBACK');
    expect(check({ versionCode: 9, name: 'org.example.other' })).toBe('ALLOWED');
    expect(check({ versionCode: 9 }, 0xb2)).toBe('ALLOWED'); // another key has its own floor
    expect(checkRollback(policy({ rollbackProtection: false }), state.clone(), hex(0xa1), item({ versionCode: 1 })).allowed).toBe(true);
    // The refusal is a sentence that says what happened and what to do.
    const detail = (over: Partial<SigningItem>) => {
      const v = checkRollback(pol, state.clone(), hex(0xa1), item(over));
      return v.allowed ? '' : v.detail;
    };
    expect(detail({ versionCode: 10, sha256: fp(0x56) })).toBe('a different apk:org.example.app was already signed as version 10; give this build a higher version code');
    expect(detail({ versionCode: 9 })).toBe('version 9 of apk:org.example.app is below version 10, the highest already signed; give this build a higher version code');
    // Within one batch: a later item cannot roll back an earlier one.
    const working = state.clone();
    expect(checkRollback(pol, working, hex(0xa1), item({ versionCode: 20, sha256: fp(1) })).allowed).toBe(true);
    expect(checkRollback(pol, working, hex(0xa1), item({ versionCode: 15, sha256: fp(2) })).allowed).toBe(false);
  });

  it('refuses a policy file with unknown fields, bad selectors or bad patterns', () => {
    const bad = [
      '{"version":1,"rules":[],"unattendd":true}',
      '{"version":2,"rules":[]}',
      '{"version":1,"rules":[{"keys":["sha256:abc"],"packages":["*"],"artifacts":["apk"]}]}',
      '{"version":1,"rules":[{"keys":["*"],"packages":["org/evil"],"artifacts":["apk"]}]}',
      '{"version":1,"rules":[{"keys":["*"],"packages":["*"],"artifacts":["exe"]}]}',
      '{"version":1,"rules":[],"maxItemsPerRequest":1000000}',
      'not json',
    ];
    for (const text of bad) expect(() => parsePolicy(text), text).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
    expect(parsePolicy('{"version":1,"rules":[]}')).toMatchObject({ unattended: false, rollbackProtection: true, maxItemsPerRequest: 1000 });
  });
});

describe('artifact kinds, from the attacker side', () => {
  const purposes = (given: string[]) => keyPurposes([keyA, keyB], given);
  const started = (given: string[]) => startingPolicy(purposes(given));

  it('refuses a rule for both kinds: the same names would match an APK and a JAR', () => {
    for (const artifacts of [['apk', 'jar'], ['jar', 'apk'], ['apk', 'apk'], []]) {
      const text = JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['*'], artifacts }] });
      expect(() => parsePolicy(text), JSON.stringify(artifacts)).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
    }
  });

  it('policy init gives each key the kind it is for, so the index key cannot sign an APK named entry.jar nor the app key a JAR', () => {
    const pol = started(['app-a=apk', 'index=jar']);
    expect(pol.rules.map((r) => [r.keys[0], r.artifacts, r.packages])).toEqual([
      [`sha256:${hex(0xa1)}`, ['apk'], ['*']],
      [`sha256:${hex(0xb2)}`, ['jar'], ['entry.jar', 'index-v1.jar']],
    ]);
    const req = request([
      item({ key: 1, artifact: 'apk', name: 'entry.jar' }), // an installable APK whose package is "entry.jar"
      item({ key: 0, artifact: 'jar', name: 'org.example.app.jar', schemes: ['v1'] }),
      item({ key: 0, artifact: 'jar', name: 'entry.jar', schemes: ['v1'] }),
      item({ key: 0 }),
      item({ key: 1, artifact: 'jar', name: 'entry.jar', schemes: ['v1'] }),
    ]);
    expect(verdicts(req, pol)).toEqual(['POLICY_ARTIFACT_KIND_NOT_ALLOWED', 'POLICY_ARTIFACT_KIND_NOT_ALLOWED', 'POLICY_ARTIFACT_KIND_NOT_ALLOWED', 'ALLOWED', 'ALLOWED']);
  });

  it('policy init writes a rule per kind for a key given both, and refuses a key given none', () => {
    expect(started(['apk', 'index=jar', 'index=apk']).rules.map((r) => [r.keys[0], r.artifacts[0]])).toEqual([
      [`sha256:${hex(0xa1)}`, 'apk'],
      [`sha256:${hex(0xb2)}`, 'apk'],
      [`sha256:${hex(0xb2)}`, 'jar'],
    ]);
    expect(() => purposes([])).toThrow(expect.objectContaining({ code: 'USAGE' }));
    expect(() => purposes(['index=jar'])).toThrow(expect.objectContaining({ code: 'USAGE', message: expect.stringContaining('"app-a"') }));
    expect(() => purposes(['nosuch=apk', 'apk'])).toThrow(expect.objectContaining({ code: 'USAGE' }));
    expect(() => purposes(['exe'])).toThrow(expect.objectContaining({ code: 'USAGE' }));
  });
});

describe('globMatches', () => {
  it('matches names exactly, or with * and ?', () => {
    expect(globMatches('org.example.app', 'org.example.app')).toBe(true);
    expect(globMatches('org.example.app', 'org.example.app2')).toBe(false);
    expect(globMatches('org.example.*', 'org.example.app.sub')).toBe(true);
    expect(globMatches('org.example.*', 'org.exampleX')).toBe(false);
    expect(globMatches('*.jar', 'index-v1.jar')).toBe(true);
    expect(globMatches('org.?xample.*b', 'org.example.ab')).toBe(true);
    expect(globMatches('*', '')).toBe(true);
    expect(globMatches(`${'*a'.repeat(20)}b`, 'a'.repeat(200))).toBe(false);
  });
});
