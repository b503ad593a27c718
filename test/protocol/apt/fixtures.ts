/** Release files for the parser tests: one as apt-ftparchive writes it (its field order and "+0000" date), and helpers to spoil it. */
export const GOOD_RELEASE = [
  'Origin: Airsign',
  'Label: airsign tests',
  'Suite: stable',
  'Codename: airsign',
  'Date: Sun, 06 Dec 2026 21:24:25 +0000',
  'Valid-Until: Sun, 13 Dec 2026 21:24:25 UTC',
  'Architectures: amd64 arm64',
  'Components: main contrib',
  'Description: tests',
  'MD5Sum:',
  ' 0cc175b9c0f1b6a831c399e269772661      1234 main/binary-amd64/Packages',
  ' 92eb5ffee6ae2fec3ad71c777531578f       567 main/binary-arm64/Packages',
  'SHA256:',
  ' ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb      1234 main/binary-amd64/Packages',
  ' 3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d       567 main/binary-arm64/Packages',
  ' 2e7d2c03a9507ae265ecf5b5356885a53393a2029d241394997265a1a25aefc6        89 contrib/binary-amd64/Packages',
  '',
].join('\n');

export const bytesOf = (text: string) => new TextEncoder().encode(text);

/** The good file with one line replaced (by number, 1-based), or removed when `line` is undefined. */
export function withLine(n: number, line: string | undefined): string {
  const lines = GOOD_RELEASE.split('\n');
  if (line === undefined) lines.splice(n - 1, 1);
  else lines[n - 1] = line;
  return lines.join('\n');
}
