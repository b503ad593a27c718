/**
 * Link bytes of an APK whose minSdk is below 19: its v1 round carries the whole .SF (names and
 * digests of its entries), where an APK from minSdk 19 on carries only the .SF's SHA-256 (signed
 * attributes). For one 500-entry APK, built three times with only its minSdk changed: 16 (SHA-1
 * .SF, signed whole), 18 (SHA-256 .SF, signed whole) and, the baseline of the same run, 21 (signed
 * attributes). Both rounds (v1, then v2+v3), request and response, as messageToTransfer makes
 * them (canonical CBOR, deflate with the shared dictionary), and the QR codes they take at the
 * default density. Signatures are RSA 3072 (software key; a token's signature has the same size).
 *
 * Writes docs/bench/sf-whole.md.
 */
import { createHash, sign } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { signatureFileBytes } from '../protocol/kinds/index.ts';
import { DEFAULT_DENSITY, densityByName, framesToDecode } from '../protocol/frames/index.ts';
import { messageDigest, messageToTransfer } from '../protocol/messages/index.ts';
import type { SigningItem, SigningRequest, SigningResponse } from '../protocol/messages/index.ts';
import { buildToBeSigned, certificateSha256 } from '../protocol/signing/index.ts';
import { assembleArtifact, prepareArtifact } from '../online/apk/index.ts';
import type { ItemFields, PreparedRound } from '../online/apk/index.ts';
import { testKey } from '../test/support/software-keys.ts';
import { buildTestApk } from '../test/support/zip-builder.ts';

const ENTRIES = 500;
const key = testKey('rsa3072');
const density = densityByName(DEFAULT_DENSITY);
const dir = mkdtempSync(join(tmpdir(), 'airsign-bench-sf-'));

/** Names as an app's resources have them (about 50 bytes each), 200 bytes of content each. */
function extraEntries(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    name: `res/drawable-xxhdpi-v4/ic_${['launcher', 'menu', 'item', 'action'][i % 4]}_${i}_foreground.png`,
    data: createHash('sha512').update(`entry ${i}`).digest().subarray(0, 64).toString('hex').repeat(2).slice(0, 200),
    method: 0 as const,
  })).map((e) => ({ ...e, data: Buffer.from(e.data) }));
}

function request(item: ItemFields): SigningRequest {
  return { v: 2, kind: 'request', requestId: new Uint8Array(16).fill(1), issuedAt: 1_767_225_600, keys: [certificateSha256(key.certificateDer)], items: [{ ...item, key: 0 } as SigningItem] };
}

function response(req: SigningRequest, item: ItemFields): { message: SigningResponse; signatures: { scheme: 'v1' | 'v2' | 'v3'; method: ReturnType<typeof buildToBeSigned>[number]['method']; signature: Uint8Array }[] } {
  const signatures = buildToBeSigned(item, key.certificateDer).map((t) => ({ scheme: t.scheme as 'v1' | 'v2' | 'v3', method: t.method, signature: new Uint8Array(sign(t.hash, t.data, key.privateKey)) }));
  const message: SigningResponse = { v: 2, kind: 'response', requestDigest: messageDigest(req), signedAt: 1_767_225_660, results: [{ index: 0, status: 'signed', signatures }], audit: { seq: 10, head: new Uint8Array(32).fill(2) } };
  return { message, signatures };
}

interface RoundRow { schemes: string; request: number; response: number; sf?: number; form: string }

async function rounds(minSdk: number): Promise<{ entries: number; rows: RoundRow[] }> {
  const input = join(dir, `min${minSdk}.apk`);
  writeFileSync(input, buildTestApk({ minSdk, targetSdk: 28, extra: extraEntries(ENTRIES - 10) }));
  let round: PreparedRound = await prepareArtifact(input, { certificateDer: key.certificateDer });
  const rows: RoundRow[] = [];
  for (let n = 1; ; n++) {
    const req = request(round.item);
    const res = response(req, round.item);
    const item = round.item as Extract<ItemFields, { artifact: 'apk' }>;
    const form = item.v1Sf !== undefined ? `.SF signed whole (${item.v1Sf.digestAlgorithm})` : item.v1 !== undefined ? 'signed attributes over the .SF digest' : 'content digest';
    rows.push({ schemes: item.schemes.join('+'), request: messageToTransfer(req).length, response: messageToTransfer(res.message).length, form, ...(item.v1Sf === undefined ? {} : { sf: signatureFileBytes(item.v1Sf).length }) });
    const result = await assembleArtifact(round.state, round.item, res.signatures, join(dir, `min${minSdk}.round${n}.apk`));
    if (result.done) return { entries: round.info.entries, rows };
    round = result.next;
  }
}

const codes = (bytes: number) => Math.ceil(bytes / density.symbolSize);
try {
  const cases: [string, number][] = [['minSdk 16', 16], ['minSdk 18', 18], ['minSdk 21 (baseline)', 21]];
  const results = [];
  for (const [label, minSdk] of cases) {
    const r = await rounds(minSdk);
    results.push({ label, minSdk, ...r });
    process.stdout.write(`${label}: ${JSON.stringify(r)}\n`);
  }
  const baseline = results.at(-1)!;
  const baseV1 = baseline.rows[0]!;
  const total = (rows: readonly RoundRow[]) => rows.reduce((n, r) => n + r.request + r.response, 0);
  const lines = results.flatMap((c) => c.rows.map((r, i) => `| ${c.label} | ${i + 1}: ${r.schemes} | ${r.form} | ${r.sf ?? '—'} | ${r.request} | ${codes(r.request)} (${framesToDecode(codes(r.request))}) | ${r.response} | ${(r.request / (i === 0 ? baseV1.request : baseline.rows[i]!.request)).toFixed(1)}× |`));
  const totals = results.map((c) => `| ${c.label} | ${total(c.rows)} | ${(total(c.rows) / total(baseline.rows)).toFixed(2)}× |`);
  const v1 = results.map((c) => c.rows[0]!);
  const md = `# Link bytes of an APK below minSdk 19 (the .SF crosses whole)

\`npm run bench sf-whole\` (bench/sf-whole.bench.ts). One APK of ${baseline.entries} entries (${baseline.entries - 1} files the
manifest lists, names about 50 bytes long, as an app's resources have them), built three times with
only \`minSdkVersion\` changed, prepared by \`prepareArtifact\` and signed round by round with an RSA
3072 key (a token's signatures have the same size). Bytes are the transfers \`messageToTransfer\`
makes (canonical CBOR, deflate with the shared dictionary), one item per message; QR codes at the
default density (${density.name}, version ${density.qrVersion}-${density.errorCorrection}, ${density.symbolSize} bytes each), with in
brackets the codes sent so the receiver needs no second pass (\`framesToDecode\`). Baseline in the
same run: the same APK with minSdk 21, whose v1 round carries only the .SF's SHA-256 (signed attributes).
Run on ${cpus().length} cores, ${new Date().toISOString().slice(0, 10)}.

| APK | round | v1 form | .SF bytes | request bytes | QR codes | response bytes | request / baseline |
|---|---|---|---|---|---|---|---|
${lines.join('\n')}

Whole APK (both rounds, request and response):

| APK | link bytes | / baseline |
|---|---|---|
${totals.join('\n')}

The v1 request of a minSdk-16 APK is ${v1[0]!.request} bytes against ${baseV1.request} for minSdk 21 (${(v1[0]!.request / baseV1.request).toFixed(0)}×): the .SF
(${v1[0]!.sf} bytes, SHA-1) deflates to about ${(((v1[0]!.request - baseV1.request) / v1[0]!.sf!) * 100).toFixed(0)}% of its size (names compress, digests do not); SHA-256 (minSdk 18)
carries longer digests, ${v1[1]!.request} bytes. The response does not grow (one signature, as before), nor does the
second round (v2+v3, a content digest). Per entry the v1 request costs about ${((v1[0]!.request - baseV1.request) / (baseline.entries - 1)).toFixed(0)} bytes (SHA-1) or
${((v1[1]!.request - baseV1.request) / (baseline.entries - 1)).toFixed(0)} (SHA-256) more than the baseline.
`;
  writeFileSync(join(import.meta.dirname, '..', 'docs', 'bench', 'sf-whole.md'), md);
  process.stdout.write(md);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
