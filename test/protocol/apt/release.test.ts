/**
 * The Release file parser on good and hostile input: what it reads from a file as apt-ftparchive
 * writes it, each typed rejection (code and line), the Date formats apt uses, and a fuzz over
 * random bytes and over mutations of a good file, where every outcome is a ReleaseFile or a
 * ReleaseFileError and nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_RELEASE_BYTES, ReleaseFileError, parseRelease, parseReleaseDate, releaseNames, releaseSuite } from '../../../protocol/apt/index.ts';
import type { ReleaseProblem } from '../../../protocol/apt/index.ts';
import { GOOD_RELEASE, bytesOf, withLine } from './fixtures.ts';

function problem(text: string | Uint8Array): { code: ReleaseProblem; line: number | undefined } {
  try {
    parseRelease(typeof text === 'string' ? bytesOf(text) : text);
  } catch (error) {
    if (error instanceof ReleaseFileError) return { code: error.code, line: error.line };
    throw error;
  }
  throw new Error('parsed');
}

describe('parseRelease', () => {
  it('reads what a Release file asserts', () => {
    const release = parseRelease(bytesOf(GOOD_RELEASE));
    expect(release).toEqual({
      origin: 'Airsign', label: 'airsign tests', suite: 'stable', codename: 'airsign',
      date: Date.UTC(2026, 11, 6, 21, 24, 25) / 1000, dateText: 'Sun, 06 Dec 2026 21:24:25 +0000',
      validUntil: Date.UTC(2026, 11, 13, 21, 24, 25) / 1000, validUntilText: 'Sun, 13 Dec 2026 21:24:25 UTC',
      architectures: ['amd64', 'arm64'], components: ['main', 'contrib'],
      indexFiles: 3,
      checksums: [{ field: 'MD5Sum', entries: 2 }, { field: 'SHA256', entries: 3 }],
    });
    expect(releaseSuite(release)).toBe('stable');
    expect(releaseNames(release)).toEqual(['Airsign/stable', 'Airsign/airsign', 'stable', 'airsign']);
  });

  it('takes a file without its last line end, field names in any case, and the suite from Codename alone', () => {
    expect(parseRelease(bytesOf(GOOD_RELEASE.trimEnd())).indexFiles).toBe(3);
    expect(parseRelease(bytesOf(GOOD_RELEASE.replace('Date:', 'date:'))).dateText).toBe('Sun, 06 Dec 2026 21:24:25 +0000');
    const noSuite = parseRelease(bytesOf(withLine(3, undefined)));
    expect(releaseSuite(noSuite)).toBe('airsign');
    const spaced = parseRelease(bytesOf(GOOD_RELEASE.replace('Origin: Airsign', 'Origin: Debian Backports')));
    expect(releaseNames(spaced)).toEqual(['stable', 'airsign']);
  });

  it.each<[string, string | Uint8Array, ReleaseProblem, number | undefined]>([
    ['a line that is not "Field: value"', withLine(3, 'Suite stable'), 'GARBLED_FIELD', 3],
    ['a field name with a space', withLine(2, 'La bel: x'), 'GARBLED_FIELD', 2],
    ['a field name starting with "-"', withLine(2, '-Label: x'), 'GARBLED_FIELD', 2],
    ['a comment line', withLine(2, '# Label: x'), 'GARBLED_FIELD', 2],
    ['a continuation line first', ` x\n${GOOD_RELEASE}`, 'GARBLED_FIELD', 1],
    ['a field twice', withLine(2, 'origin: Other'), 'DUPLICATE_FIELD', 2],
    ['an empty line inside', withLine(9, ''), 'NOT_ONE_PARAGRAPH', 9],
    ['a second paragraph', `${GOOD_RELEASE}\nOrigin: x\n`, 'NOT_ONE_PARAGRAPH', 17],
    ['no Date', withLine(5, undefined), 'NO_DATE', undefined],
    ['an empty file', '', 'NO_DATE', undefined],
    ['a Date not as apt writes it', withLine(5, 'Date: 2026-12-06T21:24:25Z'), 'BAD_DATE', 5],
    ['a Date of a day that does not exist', withLine(5, 'Date: Mon, 31 Feb 2026 21:24:25 UTC'), 'BAD_DATE', 5],
    ['a Date whose weekday is wrong', withLine(5, 'Date: Mon, 06 Dec 2026 21:24:25 UTC'), 'BAD_DATE', 5],
    ['a Valid-Until not a date', withLine(6, 'Valid-Until: never'), 'BAD_DATE', 6],
    ['neither Suite nor Codename', withLine(4, undefined).replace('Suite: stable\n', ''), 'NO_SUITE', undefined],
    ['a Suite that is no name', withLine(3, 'Suite: ../etc'), 'BAD_VALUE', 3],
    ['a Suite over two lines', withLine(3, 'Suite: stable\n more'), 'BAD_VALUE', 4],
    ['an architecture that is no name', withLine(7, 'Architectures: amd64 $(rm)'), 'BAD_VALUE', 7],
    ['no checksum list at all', GOOD_RELEASE.split('\n').slice(0, 9).join('\n'), 'NO_CHECKSUMS', undefined],
    ['checksum lists without entries', `${GOOD_RELEASE.split('\n').slice(0, 9).join('\n')}\nSHA256:\n`, 'NO_CHECKSUMS', undefined],
    ['a digest of the wrong length', withLine(14, ' ca978112ca1bbdcafac231b39a23dc4d      1234 main/binary-amd64/Packages'), 'BAD_CHECKSUM_LINE', 14],
    ['a checksum line without a size', withLine(14, ' ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb main/binary-amd64/Packages'), 'BAD_CHECKSUM_LINE', 14],
    ['a path out of the suite', withLine(14, ' ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb 1 ../../etc/passwd'), 'BAD_CHECKSUM_LINE', 14],
    ['an absolute path', withLine(14, ' ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb 1 /etc/passwd'), 'BAD_CHECKSUM_LINE', 14],
    ['a value on the checksum field line', withLine(13, 'SHA256: x'), 'BAD_CHECKSUM_LINE', 13],
    ['CR LF line ends', GOOD_RELEASE.replace(/\n/g, '\r\n'), 'BAD_CHARACTER', 1],
    ['a bidi override', withLine(2, 'Label: \u202eevil'), 'BAD_CHARACTER', 2],
    ['a NUL', withLine(2, 'Label: a\u0000b'), 'BAD_CHARACTER', 2],
    ['bytes that are not UTF-8', Uint8Array.of(0x4f, 0x3a, 0x20, 0xff, 0x0a), 'NOT_UTF8', undefined],
    ['an InRelease', `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n${GOOD_RELEASE}`, 'SIGNED_ALREADY', 1],
    ['more than the bound', new Uint8Array(MAX_RELEASE_BYTES + 1).fill(0x41), 'TOO_LARGE', undefined],
  ])('refuses %s', (_what, input, code, line) => {
    expect(problem(input)).toEqual({ code, line });
  });

  it('names the line in the message', () => {
    expect(() => parseRelease(bytesOf(withLine(3, 'Suite stable')))).toThrow(/^line 3: not a "Field: value" line/);
  });
});

describe('parseReleaseDate', () => {
  it.each([
    ['Sun, 06 Dec 2026 21:24:25 UTC', Date.UTC(2026, 11, 6, 21, 24, 25) / 1000],
    ['Sun, 06 Dec 2026 21:24:25 +0000', Date.UTC(2026, 11, 6, 21, 24, 25) / 1000],
    ['Sun, 06 Dec 2026 21:24:25 GMT', Date.UTC(2026, 11, 6, 21, 24, 25) / 1000],
    ['6 Dec 2026 23:24:25 +0200', Date.UTC(2026, 11, 6, 21, 24, 25) / 1000],
    ['Sat, 10 Jun 2023 09:29:51 UTC', 1686389391],
  ])('reads %s', (text, seconds) => {
    expect(parseReleaseDate(text)).toBe(seconds);
  });

  it.each(['', 'Sun, 06 Dec 2026', 'Sun, 06 Dez 2026 21:24:25 UTC', 'Sun, 06 Dec 1969 21:24:25 UTC', 'Sun, 06 Dec 2026 24:00:00 UTC', 'Sun, 06 Dec 2026 21:24:25 +2400', 'Sun, 06 Dec 2026 21:24:25 PST'])('refuses %j', (text) => {
    expect(parseReleaseDate(text)).toBeUndefined();
  });
});

/** Every outcome of the parser is a Release file or a typed rejection. */
function parsesOrRefuses(bytes: Uint8Array): void {
  try {
    parseRelease(bytes);
  } catch (error) {
    if (!(error instanceof ReleaseFileError)) throw error;
  }
}

describe('parseRelease on hostile input (fuzz)', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => parsesOrRefuses(b)), { numRuns: 2000 });
  });

  it('random text of the characters a Release file is made of', () => {
    const chars = fc.constantFrom(...'ab:: \t\n-#./0123456789abcdef\u202e\r'.split(''));
    fc.assert(fc.property(fc.array(chars, { maxLength: 500 }).map((c) => c.join('')), (t) => parsesOrRefuses(bytesOf(t))), { numRuns: 2000 });
  });

  it('a good file with bytes changed, inserted and cut', () => {
    const good = bytesOf(GOOD_RELEASE);
    const edit = fc.record({ at: fc.nat({ max: good.length }), remove: fc.nat({ max: 8 }), insert: fc.uint8Array({ maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let b = good;
        for (const e of edits) b = Uint8Array.from([...b.subarray(0, e.at), ...e.insert, ...b.subarray(e.at + e.remove)]);
        parsesOrRefuses(b);
      }),
      { numRuns: 3000 },
    );
  });

  it('many lines and long lines stay within the bound', () => {
    const long = `${GOOD_RELEASE}${'X-Filler: '.concat('y'.repeat(MAX_RELEASE_BYTES - GOOD_RELEASE.length - 20))}\n`;
    expect(problem(bytesOf(long.replace('X-Filler', 'Suite')))).toMatchObject({ code: 'DUPLICATE_FIELD' });
    const lines = `${GOOD_RELEASE.trimEnd()}\n${' x\n'.repeat(100_000)}`;
    expect(problem(bytesOf(lines))).toMatchObject({ code: 'BAD_CHECKSUM_LINE' });
  });
});
