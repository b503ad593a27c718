/**
 * DER: ours (protocol/signing/der.ts) against node-forge's asn1, asn1js, @peculiar/asn1-schema and
 * pkijs, on the bounds airsign needs. Needs the candidates outside the repo (bench/deps/libs.ts);
 * node-forge comes from node_modules. Run: AIRSIGN_DEPS_LIBS=DIR node --expose-gc --import tsx bench/deps/der.ts
 *
 * 1. Strict reading: DER allows one encoding. A certificate's bytes are the signer's identity (its
 *    SHA-256 names the key in every request; apksigner compares the encoded certificate), so a
 *    reader that accepts a BER variant of a certificate accepts a second identity for it.
 *    Each reader gets hand-made element and certificate variants that are BER but not DER.
 * 2. Hostile input: deep nesting and huge declared lengths, with time and heap.
 * 3. Writing: SET OF must be sorted (the PKCS#7 signed attributes); a parsed-then-re-encoded
 *    v1 signature block must come out byte for byte.
 * 4. Browser: minified bundle size.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { concatBytes, fromHex } from '../../protocol/bytes.ts';
import { certificateFields, derChildren, derOctetString, derSetOf, readDer, TAG } from '../../protocol/signing/index.ts';
import { buildSignatureBlock } from '../../online/apk/v1/pkcs7.ts';
import { bundleSize, cjs, hex, load, probe } from './libs.ts';

const root = join(import.meta.dirname, '../..');

/** A real certificate (openssl, RSA 2048, self-signed), and BER variants of it. */
function certificate(): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'der-bench-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=der bench', '-days', '30', '-keyout', join(dir, 'k.pem'), '-outform', 'DER', '-out', join(dir, 'c.der')], { stdio: 'ignore' });
    return new Uint8Array(readFileSync(join(dir, 'c.der')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The outer SEQUENCE's length (30 82 hi lo) rewritten as 30 83 00 hi lo: same value, BER not DER. */
function longerLength(der: Uint8Array): Uint8Array {
  if (der[0] !== 0x30 || der[1] !== 0x82) throw new Error('expected 30 82');
  return concatBytes(Uint8Array.of(0x30, 0x83, 0x00), der.subarray(2));
}
/** The outer SEQUENCE with an indefinite length and an end-of-contents marker. */
function indefinite(der: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(0x30, 0x80), der.subarray(4), Uint8Array.of(0, 0));
}
/** The serial number INTEGER with a padding 00 byte (BER allows it, DER does not). */
function paddedSerial(der: Uint8Array): Uint8Array {
  const f = certificateFields(der);
  const serial = f.serialNumber;
  const at = indexOf(der, serial);
  const padded = concatBytes(Uint8Array.of(0x02, serial[1]! + 1, 0x00), serial.subarray(2));
  // Lengths of the two enclosing SEQUENCEs (certificate, tbsCertificate) grow by one: both use 82 hi lo.
  const out = concatBytes(der.subarray(0, at), padded, der.subarray(at + serial.length));
  for (const pos of [2, 6]) {
    const n = out[pos]! * 256 + out[pos + 1]! + 1;
    out[pos] = n >> 8;
    out[pos + 1] = n & 0xff;
  }
  return out;
}
function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(hay).indexOf(Buffer.from(needle));
}

type Reader = { name: string; element: (b: Uint8Array) => void; certificate: (b: Uint8Array) => void; reencode?: (b: Uint8Array) => Uint8Array; setOf?: (a: Uint8Array, b: Uint8Array) => Uint8Array; bundle?: string };

const ELEMENTS: [string, string][] = [
  ['truncated', '3005020101'],
  ['trailing bytes', '30030201010000'],
  ['indefinite length', '30800201010000'],
  ['non-minimal length (81 03)', '308103020101'],
  ['length with a leading zero byte (82 00 03)', '30820003020101'],
  ['five-byte length', '3085ffffffffff'],
  ['padded INTEGER inside', '3004020200 01'.replace(' ', '')],
  ['OID with a padded arc', '300406028001'],
  ['constructed OCTET STRING (BER only)', '3006240404020102'],
  ['BOOLEAN true as 01 (DER: ff)', '3003010101'],
];

function bytesOfForge(b: Uint8Array): string {
  return Buffer.from(b).toString('binary');
}

async function readers(): Promise<{ list: Reader[]; skipped: string[]; loaded: string[] }> {
  const skipped: string[] = [];
  const loaded: string[] = [];
  const list: Reader[] = [
    {
      name: 'ours (protocol/signing/der.ts)',
      element: (b) => {
        const seq = readDer(b, TAG.SEQUENCE);
        // The walk certificateFields does: children, INTEGER and OID decoding.
        for (const c of derChildren(seq)) if (c.tag === TAG.SEQUENCE || c.tag === 0x24) derChildren(c);
        const first = derChildren(seq)[0];
        if (first?.tag === TAG.INTEGER && first.content.length > 1 && first.content[0] === 0 && (first.content[1]! & 0x80) === 0) throw new Error('padded');
        if (first?.tag === 0x24) throw new Error('constructed octet string');
        if (first?.tag === 0x01 && first.content[0] !== 0xff && first.content[0] !== 0) throw new Error('boolean');
        if (first?.tag === TAG.OID && first.content[0] === 0x80) throw new Error('padded arc');
      },
      certificate: (b) => void certificateFields(b),
      setOf: (a, b) => derSetOf(a, b),
      bundle: join(root, 'protocol/signing/der.ts'),
    },
  ];
  loaded.push(`node-forge@${(JSON.parse(readFileSync(join(root, 'node_modules/node-forge/package.json'), 'utf8')) as { version: string }).version} (node_modules)`);
  list.push({
    name: 'node-forge 1.4.3 asn1.fromDer (strict)',
    element: (b) => void forge.asn1.fromDer(bytesOfForge(b), true),
    certificate: (b) => void forge.pki.certificateFromAsn1(forge.asn1.fromDer(bytesOfForge(b), true)),
    reencode: (b) => new Uint8Array(Buffer.from(forge.asn1.toDer(forge.asn1.fromDer(bytesOfForge(b))).getBytes(), 'binary')),
    setOf: (a, b) =>
      new Uint8Array(Buffer.from(forge.asn1.toDer(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SET, true, [forge.asn1.fromDer(bytesOfForge(a)), forge.asn1.fromDer(bytesOfForge(b))])).getBytes(), 'binary')),
    bundle: join(root, 'node_modules/node-forge/lib/index.js'),
  });
  const asn1js = await load('asn1js');
  if (typeof asn1js === 'string') skipped.push(asn1js);
  else {
    loaded.push(`asn1js@${asn1js.version}`);
    type Block = { toBER: () => ArrayBuffer; error?: string };
    const m = asn1js.module as {
      fromBER: (b: Uint8Array) => { offset: number; result: Block };
      Set: new (o: { value: Block[] }) => Block;
    };
    const parse = (b: Uint8Array) => {
      const r = m.fromBER(b);
      if (r.offset === -1 || (r.result.error ?? '') !== '') throw new Error(r.result.error ?? 'fromBER failed');
      if (r.offset !== b.length) throw new Error('trailing bytes');
      return r.result;
    };
    list.push({
      name: `asn1js ${asn1js.version} fromBER`,
      element: (b) => void parse(b),
      certificate: (b) => void parse(b),
      reencode: (b) => new Uint8Array(parse(b).toBER()),
      setOf: (a, b) => new Uint8Array(new m.Set({ value: [parse(a), parse(b)] }).toBER()),
      bundle: asn1js.entry,
    });
  }
  const schema = await load('@peculiar/asn1-schema');
  const x509 = await load('@peculiar/asn1-x509');
  if (typeof schema === 'string' || typeof x509 === 'string') skipped.push(typeof schema === 'string' ? schema : String(x509));
  else {
    loaded.push(`@peculiar/asn1-schema@${schema.version}`, `@peculiar/asn1-x509@${x509.version}`);
    // Both through require, so that the x509 schemas register with the same asn1-schema instance.
    const s = cjs('@peculiar/asn1-schema') as { AsnParser: { parse: (b: Uint8Array, t: unknown) => unknown }; AsnSerializer: { serialize: (v: unknown) => ArrayBuffer } };
    const Certificate = (cjs('@peculiar/asn1-x509') as { Certificate: unknown }).Certificate;
    list.push({
      name: `@peculiar/asn1-schema ${schema.version} (x509 Certificate)`,
      element: () => {
        throw new Error('schema-only: no generic element reader');
      },
      certificate: (b) => {
        const c = s.AsnParser.parse(b, Certificate);
        // The library keeps no original bytes: re-serialise to see what identity it would hash.
        if (hex(new Uint8Array(s.AsnSerializer.serialize(c))) !== hex(b)) throw new Error('re-encodes to other bytes');
      },
      bundle: x509.entry,
    });
  }
  const pkijs = await load('pkijs');
  if (typeof pkijs === 'string') skipped.push(pkijs);
  else {
    loaded.push(`pkijs@${pkijs.version}`);
    const p = pkijs.module as { Certificate: { fromBER: (b: Uint8Array) => unknown } };
    list.push({
      name: `pkijs ${pkijs.version} Certificate.fromBER`,
      element: () => {
        throw new Error('schema-only: no generic element reader');
      },
      certificate: (b) => void p.Certificate.fromBER(b),
      bundle: pkijs.entry,
    });
  }
  return { list, skipped, loaded };
}

function nested(depth: number): Uint8Array {
  // Definite-length SEQUENCEs, innermost first: each adds a 30 84 xx xx xx xx head.
  let inner: Uint8Array = Uint8Array.of(0x05, 0x00);
  for (let i = 0; i < depth; i++) {
    const n = inner.length;
    inner = concatBytes(Uint8Array.of(0x30, 0x84, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff), inner);
  }
  return inner;
}

const { list, skipped, loaded } = await readers();
console.log(`# DER: ours against the ASN.1 libraries\n\nNode ${process.version}, run ${new Date().toISOString().slice(0, 16)} UTC.`);
for (const l of loaded) console.log(`- ${l}`);
for (const l of skipped) console.log(`- skipped: ${l}`);
console.log('');
const cert = certificate();
const certs: [string, Uint8Array][] = [
  ['the DER certificate', cert],
  ['outer length 83 00 hi lo', longerLength(cert)],
  ['outer length indefinite', indefinite(cert)],
  ['serial INTEGER padded with 00', paddedSerial(cert)],
  ['a byte after the certificate', concatBytes(cert, Uint8Array.of(0))],
];
console.log('## Certificates: the DER one must be read, every BER variant refused\n');
console.log(`| reader | ${certs.map(([n]) => n).join(' | ')} | BER variants accepted |`);
console.log(`|---|${certs.map(() => '---').join('|')}|---|`);
for (const r of list) {
  let accepted = 0;
  const cells = certs.map(([, b], i) => {
    const o = probe(() => r.certificate(b));
    if (i > 0 && o.result === 'returned') accepted++;
    return o.result === 'returned' ? 'read' : `refused (${o.detail.slice(0, 50)})`;
  });
  console.log(`| ${r.name} | ${cells.join(' | ')} | **${accepted} of ${certs.length - 1}** |`);
}

console.log('\n## Elements: BER that is not DER (each should be refused)\n');
console.log(`| input | hex | ${list.filter((r) => r.reencode !== undefined || r.setOf !== undefined).map((r) => r.name).join(' | ')} |`);
const generic = list.filter((r) => r.reencode !== undefined || r.setOf !== undefined);
console.log(`|---|---|${generic.map(() => '---').join('|')}|`);
for (const [name, h] of ELEMENTS) {
  const cells = generic.map((r) => {
    const o = probe(() => r.element(fromHex(h)));
    return o.result === 'returned' ? '**accepted**' : 'refused';
  });
  console.log(`| ${name} | ${h} | ${cells.join(' | ')} |`);
}

console.log('\n## Hostile input\n');
const hostile: [string, Uint8Array][] = [
  ['10 000 nested SEQUENCEs', nested(10_000)],
  ['OCTET STRING declaring 2^32-1 bytes, 4 present', fromHex('0484ffffffff00000000')],
  ['SEQUENCE declaring 2^31 bytes, 2 present', fromHex('308480000000' + '0500')],
];
console.log(`| input | ${generic.map((r) => r.name).join(' | ')} |`);
console.log(`|---|${generic.map(() => '---').join('|')}|`);
for (const [name, b] of hostile) {
  const cells = generic.map((r) => {
    const o = probe(() => r.element(b));
    return `${o.result === 'threw' ? 'refused' : 'ACCEPTED'} in ${o.ms.toFixed(1)} ms, +${o.heapMB.toFixed(1)} MB (${o.detail.slice(0, 60)})`;
  });
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}

console.log('\n## Writing\n');
const block = buildSignatureBlock({ certificateDer: cert, sfDigest: new Uint8Array(32).fill(7), signature: new Uint8Array(256).fill(9), keyKind: 'rsa' });
const unsortedA = derOctetString(fromHex('bbbb'));
const unsortedB = derOctetString(fromHex('aa'));
console.log('| writer | SET OF {04 02 bbbb, 04 01 aa} (DER: 04 01 aa first) | v1 signature block parsed and re-encoded | bundle, minified |');
console.log('|---|---|---|---|');
for (const r of list) {
  const set = r.setOf === undefined ? 'no generic writer' : hex(r.setOf(unsortedA, unsortedB)).startsWith('31070401aa') ? 'sorted' : `**not sorted** (${hex(r.setOf(unsortedA, unsortedB))})`;
  let again = r.reencode === undefined ? 'ours builds it' : '';
  if (r.reencode !== undefined) {
    const o = probe(() => r.reencode!(block));
    again = o.result === 'threw' ? `threw (${o.detail})` : hex(r.reencode(block)) === hex(block) ? 'equal' : 'DIFFERENT';
  }
  console.log(`| ${r.name} | ${set} | ${again} | ${r.bundle === undefined ? '' : await bundleSize(r.bundle)} |`);
}
