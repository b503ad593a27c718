/**
 * What the server says and checks per kind of protocol/kinds: the content type of the signed file,
 * how a refusal names it, and which list of a submitter's allowances (server config) admits it.
 * A kind added there and not here fails to compile.
 */
import type { ArtifactKind } from '../../protocol/kinds/index.ts';

export interface ServerKind {
  readonly contentType: string;
  /** "the APK", in "may not submit the APK org.example". */
  readonly named: string;
  /** The submitter's allowance list for this kind; null for a kind the server does not take in yet (OpenPGP files come from `airsign openpgp sign`). */
  readonly allowance: 'packages' | 'jars' | null;
}

export const SERVER_KINDS: { readonly [K in ArtifactKind]: ServerKind } = {
  apk: { contentType: 'application/vnd.android.package-archive', named: 'the APK', allowance: 'packages' },
  jar: { contentType: 'application/java-archive', named: 'the JAR', allowance: 'jars' },
  openpgp: { contentType: 'application/pgp-signature', named: 'the file', allowance: null },
  // Not yet submitted through the server (identify knows no Release file): `airsign apt sign` is the way in.
  'apt-release': { contentType: 'text/plain; charset=utf-8', named: 'the Release file', allowance: 'jars' },
};
