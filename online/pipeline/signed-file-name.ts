/**
 * The name a signed file is published under: the input's name less a build tool's "unsigned" mark
 * before the extension (Gradle's `app-release-unsigned.apk` becomes `app-release.apk`, as
 * apksigner users name it by hand); any other name is kept.
 */
export function signedFileName(fileName: string): string {
  const stripped = fileName.replace(/[-_.]unsigned(\.[A-Za-z0-9]+)$/i, '$1');
  return stripped.startsWith('.') ? fileName : stripped;
}
