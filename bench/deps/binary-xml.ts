/**
 * Android binary XML: ours (online/apk/manifest) against the maintained JavaScript readers,
 * @devicefarmer/adbkit-apkreader's ManifestParser and node-apk's Manifest (needs AIRSIGN_DEPS_LIBS,
 * see bench/deps/libs.ts). The bound: the operator is shown, and the policy matches on, the package,
 * version code and version name Android itself would read, so a manifest must read as aapt reads it
 * (attributes by resource id, not by name; versionCodeMajor), and a hostile one must be refused
 * quickly. Run: AIRSIGN_DEPS_LIBS=DIR node --import tsx bench/deps/binary-xml.ts
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readAndroidManifest } from '../../online/apk/manifest/android-manifest.ts';
import { readEntryBytes } from '../../online/apk/zip/entry-data.ts';
import { openArchive } from '../../online/apk/zip/zip-archive.ts';
import { androidManifestXml, writeBinaryXml } from '../../test/support/binary-xml-writer.ts';
import { cjs, load, probe } from './libs.ts';

const root = join(import.meta.dirname, '../..');
const APK = join(root, 'node_modules/io.appium.settings/apks/settings_apk-debug.apk');
type Fields = { package: unknown; versionCode: unknown; versionName: unknown };
type Reader = { name: string; read: (xml: Buffer) => Fields };

const realXml = (() => {
  const a = openArchive(APK);
  const xml = readEntryBytes(a.file, a.entry('AndroidManifest.xml')!, 1 << 24);
  a.file.close();
  return xml;
})();
const aapt = /^package: name='([^']*)' versionCode='([^']*)' versionName='([^']*)'/m.exec(execFileSync('aapt', ['dump', 'badging', APK], { encoding: 'utf8' }));

const manifest = (attributes: NonNullable<Parameters<typeof writeBinaryXml>[0]['attributes']>) =>
  writeBinaryXml({ name: 'manifest', attributes: [...attributes, { name: 'package', value: 'org.example.attrs' }] });
/** Inputs and what Android (aapt, and the platform for versionCodeMajor) reads from them. */
const CASES: [string, Buffer, Fields][] = [
  ['the real APK (io.appium.settings)', realXml, { package: aapt?.[1], versionCode: Number(aapt?.[2]), versionName: aapt?.[3] }],
  ['versionCode by resource id under another name (aapt: 42)', manifest([{ android: true, name: 'vc', resourceId: 0x0101021b, value: 42 }, { android: true, name: 'vn', resourceId: 0x0101021c, value: 'four-two' }]), { package: 'org.example.attrs', versionCode: 42, versionName: 'four-two' }],
  ['versionCode by name without its resource id (aapt: absent)', manifest([{ android: true, name: 'versionCode', value: 999 }, { android: true, name: 'versionName', value: '9.9.9' }]), { package: 'org.example.attrs', versionCode: 0, versionName: '' }],
  ['versionCodeMajor 1 by resource id (platform: 2^32 + 5)', manifest([{ android: true, name: 'versionCode', resourceId: 0x0101021b, value: 5 }, { android: true, name: 'versionName', resourceId: 0x0101021c, value: 'x' }, { android: true, name: 'versionCodeMajor', resourceId: 0x01010576, value: 1 }]), { package: 'org.example.attrs', versionCode: 2 ** 32 + 5, versionName: 'x' }],
];
const good = androidManifestXml({ packageName: 'org.example.x', versionCode: 1, versionName: '1' });
const HOSTILE: [string, Buffer][] = [
  ['string pool declaring 2^31-1 strings', (() => { const b = Buffer.from(good); b.writeUInt32LE(0x7fffffff, 16); return b; })()],
  ['cut 30 bytes short', good.subarray(0, good.length - 30)],
  ['1000 nested elements', writeBinaryXml((() => {
    let n: Parameters<typeof writeBinaryXml>[0] = { name: 'x' };
    for (let i = 0; i < 1000; i++) n = { name: 'x', children: [n] };
    return { name: 'manifest', attributes: [{ name: 'package', value: 'org.example.deep' }, { android: true, name: 'versionCode', resourceId: 0x0101021b, value: 1 }], children: [n] };
  })())],
  ['text, not binary XML', Buffer.from('<manifest package="a.b"/>')],
];

async function readers(): Promise<{ list: Reader[]; notes: string[] }> {
  const notes: string[] = [];
  const list: Reader[] = [{ name: 'ours (online/apk/manifest)', read: (x) => { const m = readAndroidManifest(x); return { package: m.packageName, versionCode: m.versionCode, versionName: m.versionName }; } }];
  const adb = await load('@devicefarmer/adbkit-apkreader');
  if (typeof adb === 'string') notes.push(`skipped: ${adb}`);
  else {
    notes.push(`@devicefarmer/adbkit-apkreader@${adb.version}`);
    const ManifestParser = cjs('@devicefarmer/adbkit-apkreader/lib/apkreader/parser/manifest') as new (b: Buffer) => { parse: () => Fields };
    list.push({ name: `adbkit-apkreader ${adb.version}`, read: (x) => { const m = new ManifestParser(x).parse(); return { package: m.package, versionCode: m.versionCode, versionName: m.versionName }; } });
  }
  const napk = await load('node-apk');
  if (typeof napk === 'string') notes.push(`skipped: ${napk}`);
  else {
    notes.push(`node-apk@${napk.version}`);
    const Source = (cjs('node-apk/build/lib/source') as { default: new (b: Buffer) => unknown }).default;
    const XmlElement = (cjs('node-apk/build/lib/xml') as { default: new (s: unknown) => unknown }).default;
    const Manifest = (cjs('node-apk/build/lib/android') as { Manifest: new (x: unknown) => Fields }).Manifest;
    list.push({ name: `node-apk ${napk.version}`, read: (x) => { const m = new Manifest(new XmlElement(new Source(x))); return { package: m.package, versionCode: m.versionCode, versionName: m.versionName }; } });
  }
  return { list, notes };
}

const { list, notes } = await readers();
console.log(`# Android binary XML: ours against adbkit-apkreader and node-apk\n\nNode ${process.version}, run ${new Date().toISOString().slice(0, 16)} UTC.`);
for (const n of notes) console.log(`- ${n}`);
console.log('\n## Fields read, against what Android reads (package / versionCode / versionName)\n');
console.log(`| manifest | Android | ${list.map((r) => r.name).join(' | ')} |`);
console.log(`|---|---|${list.map(() => '---').join('|')}|`);
const show = (f: Fields) => `${String(f.package)} / ${String(f.versionCode)} / ${String(f.versionName)}`;
for (const [name, xml, expected] of CASES) {
  const cells = list.map((r) => {
    let got: Fields | undefined;
    const o = probe(() => (got = r.read(xml)));
    if (o.result === 'threw' || got === undefined) return `threw (${o.detail.slice(0, 50)})`;
    const same = got.package === expected.package && Number(got.versionCode ?? 0) === expected.versionCode && String(got.versionName ?? '') === expected.versionName;
    return same ? 'same' : `**${show(got)}**`;
  });
  console.log(`| ${name} | ${show(expected)} | ${cells.join(' | ')} |`);
}
console.log('\n## Broken and deep manifests (the broken ones should be refused; the deep one is valid, and must not take the stack)\n');
console.log(`| manifest | ${list.map((r) => r.name).join(' | ')} |`);
console.log(`|---|${list.map(() => '---').join('|')}|`);
for (const [name, xml] of HOSTILE) {
  const cells = list.map((r) => {
    const o = probe(() => r.read(xml));
    return `${o.result === 'threw' ? 'refused' : '**read**'} in ${o.ms.toFixed(1)} ms (${o.detail.slice(0, 50)})`;
  });
  console.log(`| ${name} | ${cells.join(' | ')} |`);
}
