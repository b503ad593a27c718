/** JAR manifest lines: wrapped at 72 bytes as java.util.jar wraps them, and read back whole. */
import { describe, expect, it } from 'vitest';
import { headerLine, parseManifest, section } from '../../../online/apk/v1/jar-manifest.ts';
import { buildV1Files } from '../../../online/apk/v1/signature-files.ts';

describe('JAR manifests', () => {
  it('keeps every line within 72 bytes and continues with one space', () => {
    for (const name of ['short', 'x'.repeat(66), 'x'.repeat(67), 'y'.repeat(300), 'é'.repeat(100), `a${'✓'.repeat(50)}`]) {
      const text = headerLine('Name', name);
      const bytes = Buffer.from(text, 'latin1');
      const lines = bytes.toString('latin1').split('\r\n').slice(0, -1);
      for (const [i, line] of lines.entries()) {
        expect(Buffer.from(line, 'latin1').length).toBeLessThanOrEqual(72);
        if (i > 0) expect(line.startsWith(' ')).toBe(true);
      }
      const joined = Buffer.concat(lines.map((l, i) => Buffer.from(i === 0 ? l : l.slice(1), 'latin1'))).toString('utf8');
      expect(joined).toBe(`Name: ${name}`);
    }
  });

  it('reads back the sections it writes, names and digests intact', () => {
    const digests = new Map([
      ['classes.dex', new Uint8Array(32).fill(1)],
      [`assets/${'ü'.repeat(60)}.txt`, new Uint8Array(32).fill(2)],
      ['a', new Uint8Array(32).fill(3)],
    ]);
    const { manifest, signatureFile } = buildV1Files(digests, [2, 3]);
    const parsed = parseManifest(manifest, 'MANIFEST.MF');
    expect([...parsed.entries.keys()]).toEqual(['a', `assets/${'ü'.repeat(60)}.txt`, 'classes.dex']);
    expect(parsed.entries.get('classes.dex')!.attributes.get('SHA-256-Digest')).toBe(Buffer.alloc(32, 1).toString('base64'));
    const sf = parseManifest(signatureFile, 'AIRSIGN.SF');
    expect(sf.main.attributes.get('X-Android-APK-Signed')).toBe('2, 3');
    expect(sf.entries.size).toBe(3);
    expect(Buffer.from(section([['Name', 'a']]), 'latin1').toString()).toBe('Name: a\r\n\r\n');
  });

  it('refuses malformed manifests', () => {
    expect(() => parseManifest(Buffer.from(' continuation first\r\n'), 'M')).toThrow(expect.objectContaining({ code: 'VERIFY_FAILED' }));
    expect(() => parseManifest(Buffer.from('Manifest-Version: 1.0\r\n\r\nSHA-256-Digest: x\r\n\r\n'), 'M')).toThrow(/without Name/);
    expect(() => parseManifest(Buffer.from('A: 1\r\nA: 2\r\n'), 'M')).toThrow(/twice/);
  });
});
