/**
 * The signer page's server from another local process's side: it can reach 127.0.0.1 and send
 * any header (`x-airsign-page: 1` included) but holds neither the launch secret printed on the
 * operator's terminal nor the cookie the page got for it. Every call it makes is refused, typed,
 * and changes nothing: no review is taken, nothing is logged or signed. The page's own calls
 * (with the cookie) show the rest of deliberate signing: an approval names the count, the token
 * is logged out after each batch and when idle, Refuse all answers OPERATOR_REFUSED for every
 * item, and a request scanned again is offered its kept answer.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SigningItem } from '../../../protocol/messages/index.ts';
import { messageToTransfer, transferToMessage } from '../../../protocol/messages/index.ts';
import type { SigningResponse } from '../../../protocol/messages/index.ts';
import { startServed } from '../../support/served-program.ts';
import type { ServedProgram } from '../../support/served-program.ts';
import { makeRequest } from '../support/requests.ts';
import { USER_PIN, freshSoftHsm } from '../support/softhsm.ts';
import type { SoftHsm } from '../support/softhsm.ts';
import { makeKeys } from '../support/token-keys.ts';
import type { MadeKey } from '../support/token-keys.ts';

let hsm: SoftHsm;
let keys: MadeKey[];
let server: ServedProgram;
let origin: string;
let stateDir: string;

interface Reply {
  status: number;
  code?: string;
  value?: Record<string, unknown>;
  setCookie: string | null;
}

async function call(path: string, options: { body?: Uint8Array | string; cookie?: string; header?: boolean } = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.header !== false) headers['x-airsign-page'] = '1';
  if (options.cookie !== undefined) headers.cookie = options.cookie;
  const r = await fetch(new URL(path, origin), { method: options.body === undefined ? 'GET' : 'POST', headers, ...(options.body === undefined ? {} : { body: options.body as BodyInit }) });
  const reply = (await r.json()) as { ok: boolean; code?: string; value?: Record<string, unknown> };
  return { status: r.status, ...(reply.code === undefined ? {} : { code: reply.code }), ...(reply.value === undefined ? {} : { value: reply.value }), setCookie: r.headers.get('set-cookie') };
}

const auditLog = () => readFileSync(join(stateDir, 'audit.log'), 'utf8');

beforeAll(async () => {
  hsm = freshSoftHsm();
  hsm.initToken('release');
  keys = makeKeys(hsm, 'release', [{ label: 'app', keyType: { kind: 'ec', curve: 'p256' } }]);
  const policy = join(hsm.dir, 'policy.json');
  writeFileSync(policy, JSON.stringify({ version: 1, rules: [{ keys: ['*'], packages: ['org.example.*'], artifacts: ['apk'] }, { keys: ['*'], packages: ['org.example.*'], artifacts: ['jar'] }] }));
  stateDir = join(hsm.dir, 'state');
  server = await startServed('offline/cli/airsign-signer.js', ['serve', '--port', '0', '--policy', policy, '--state', stateDir, '--uri', 'pkcs11:token=release', '--allow-network', '--idle-logout', '1'], hsm.env);
  origin = new URL(server.url).origin;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  hsm?.remove();
});

describe('the signer page is bound to the browser that opened it', () => {
  let cookie: string;
  const request = () => makeRequest(keys, [{ key: 0, name: 'org.example.app', versionCode: 5 }, { key: 0, name: 'org.example.two', versionCode: 9 }, { key: 0, name: 'com.elsewhere.app', versionCode: 2 }]);

  it('prints a launch secret after "#" and trades it for an HttpOnly SameSite=Strict cookie exactly once', async () => {
    const launch = /#launch=([A-Za-z0-9_-]{40,})$/.exec(server.url)?.[1];
    expect(launch).toBeDefined();
    expect(await call('/api/session', { body: 'not-the-secret' })).toMatchObject({ status: 403, code: 'NOT_LAUNCHED', setCookie: null });
    const opened = await call('/api/session', { body: launch! });
    expect(opened.status).toBe(200);
    expect(opened.setCookie).toMatch(/^airsign-signer=[A-Za-z0-9_-]+; HttpOnly; SameSite=Strict; Path=\/$/);
    cookie = opened.setCookie!.split(';')[0]!;
    // Spent: a second process that read the terminal later gets nothing.
    expect(await call('/api/session', { body: launch! })).toMatchObject({ status: 403, code: 'NOT_LAUNCHED', setCookie: null });
    expect((await call('/api/state', { cookie })).status).toBe(200);
  });

  it('refuses, typed, every call from a local process with the page header but not the cookie, and nothing changes', async () => {
    const logBefore = auditLog();
    const transfer = messageToTransfer(request());
    const forged = ['airsign-signer=forged', `${cookie}x`, `${cookie}; ${cookie}`];
    for (const bad of [undefined, ...forged]) {
      const as = bad === undefined ? {} : { cookie: bad };
      expect(await call('/api/state', as)).toMatchObject({ status: 403, code: 'NOT_THIS_PAGE' });
      expect(await call('/api/request', { ...as, body: transfer })).toMatchObject({ status: 403, code: 'NOT_THIS_PAGE' });
      expect(await call('/api/login', { ...as, body: USER_PIN })).toMatchObject({ status: 403, code: 'NOT_THIS_PAGE' });
      expect(await call('/api/decision', { ...as, body: JSON.stringify({ requestDigest: '0'.repeat(64), approve: true, confirm: 2 }) })).toMatchObject({ status: 403, code: 'NOT_THIS_PAGE' });
      expect(await call('/api/close', { ...as, body: '' })).toMatchObject({ status: 403, code: 'NOT_THIS_PAGE' });
    }
    // Without the header even the cookie is not enough (another site's form could carry a cookie).
    expect(await call('/api/state', { cookie, header: false })).toMatchObject({ status: 403, code: 'NOT_FROM_PAGE' });
    const state = (await call('/api/state', { cookie })).value!;
    expect(state.review).toBeUndefined();
    expect(state.answer).toBeUndefined();
    expect((state.token as { loggedIn: boolean }).loggedIn).toBe(false);
    expect(auditLog()).toBe(logBefore);
  });

  it('signs only the typed count, after the PIN, and logs out after the batch', async () => {
    const req = request();
    const taken = await call('/api/request', { cookie, body: messageToTransfer(req) });
    const review = taken.value!.review as { requestDigest: string; totals: { toSign: number }; groups: { kind: string }[]; items: { signed: { what: string; hex: string }[] }[] };
    expect(review.totals.toSign).toBe(2);
    expect(review.groups.map((g) => g.kind)).toEqual(['refused', 'key-changed']);
    expect(review.items[0]!.signed).toEqual([{ what: 'v2/v3 content digest', short: expect.any(String), hex: Buffer.from((req.items[0] as Extract<SigningItem, { artifact: 'apk' }>).v2v3!.contentDigest).toString('hex') }]);
    const digest = review.requestDigest;
    // An approval without the count, or with another, signs nothing.
    expect(await call('/api/decision', { cookie, body: JSON.stringify({ requestDigest: digest, approve: true }) })).toMatchObject({ status: 400, code: 'BAD_JSON' });
    expect(await call('/api/decision', { cookie, body: JSON.stringify({ requestDigest: digest, approve: true, confirm: 3 }) })).toMatchObject({ status: 409, code: 'USAGE' });
    expect(await call('/api/decision', { cookie, body: JSON.stringify({ requestDigest: digest, approve: true, confirm: 2 }) })).toMatchObject({ status: 401, code: 'PIN_MISSING' });
    expect((await call('/api/login', { cookie, body: USER_PIN })).status).toBe(200);
    const signed = await call('/api/decision', { cookie, body: JSON.stringify({ requestDigest: digest, approve: true, confirm: 2 }) });
    expect(signed.value).toMatchObject({ kind: 'response', signed: 2, refused: 1 });
    expect(((await call('/api/state', { cookie })).value!.token as { loggedIn: boolean }).loggedIn).toBe(false);

    // Scanned again after its answer was shown: the same answer is offered, not a refusal.
    await call('/api/close', { cookie, body: '' });
    const again = await call('/api/request', { cookie, body: messageToTransfer(req) });
    expect(again.value).toMatchObject({ again: { requestDigest: digest, signed: 2, refused: 1 } });
    const shown = await call('/api/again', { cookie, body: JSON.stringify({ requestDigest: digest }) });
    expect(shown.value!.transfer).toBe(signed.value!.transfer);
    await call('/api/close', { cookie, body: '' });
  });

  it('logs out when the PIN is not followed by a decision', async () => {
    expect((await call('/api/login', { cookie, body: USER_PIN })).status).toBe(200);
    for (let i = 0; i < 300; i++) {
      if (!((await call('/api/state', { cookie })).value!.token as { loggedIn: boolean }).loggedIn) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(((await call('/api/state', { cookie })).value!.token as { loggedIn: boolean }).loggedIn).toBe(false);
    expect(server.output()).toContain('token logged out (idle)');
  });

  it('Refuse all answers every item OPERATOR_REFUSED, the policy\'s refusals too', async () => {
    const taken = await call('/api/request', { cookie, body: messageToTransfer(request()) });
    const digest = (taken.value!.review as { requestDigest: string }).requestDigest;
    const refused = await call('/api/decision', { cookie, body: JSON.stringify({ requestDigest: digest, approve: false }) });
    const response = transferToMessage(new Uint8Array(Buffer.from(refused.value!.transfer as string, 'base64'))) as SigningResponse;
    expect(response.results.map((r) => (r.status === 'refused' ? r.reason : r.status))).toEqual(['OPERATOR_REFUSED', 'OPERATOR_REFUSED', 'OPERATOR_REFUSED']);
    await call('/api/close', { cookie, body: '' });
  });
});
