/** What Google's verifier said about one file, whichever way it was asked (the helper, or apksigner). */
export interface GoogleVerdict {
  /** `apksig`: the long-lived helper; `apksigner`: one apksigner process for this file. */
  readonly tool: 'apksig' | 'apksigner';
  /** ApkVerifier.Result.isVerified(): what apksigner verify's exit code says. */
  readonly verified: boolean;
  /** SHA-256 (hex) of each signer's certificate. */
  readonly signers: readonly string[];
  readonly errors: readonly string[];
  readonly schemes: { readonly v1: boolean; readonly v2: boolean; readonly v3: boolean };
}

/** The platform versions to check against, as apksigner's --min-sdk-version/--max-sdk-version. */
export interface SdkRange {
  readonly minSdk?: number;
  readonly maxSdk?: number;
}
