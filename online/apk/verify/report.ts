/** What verification found: per scheme present/verified, the signers, and every problem with a code. */
import type { AndroidKind } from '../android-kind.ts';
import type { AndroidScheme as Scheme } from '../../../protocol/kinds/index.ts';
import type { ArtifactInfo } from '../artifact-info.ts';

export type VerifyProblemCode =
  /** The file could not be read as an APK/JAR at all (detail in the message; `cause` names the ApkError code). */
  | 'MALFORMED'
  | 'NOT_SIGNED'
  /** A scheme the platform range needs is absent (v1 below API 24). */
  | 'SCHEME_REQUIRED'
  /** A signature names a scheme that is absent: it was stripped. */
  | 'STRIPPED'
  | 'DIGEST_MISMATCH'
  | 'BAD_SIGNATURE'
  | 'NO_SUPPORTED_SIGNATURE'
  | 'MALFORMED_SIGNATURE'
  | 'ENTRY_NOT_SIGNED'
  | 'KEY_MISMATCH'
  | 'SDK_RANGE'
  /** The schemes were signed by different certificates. */
  | 'SIGNER_MISMATCH'
  /** A signer is not the certificate the caller expects. */
  | 'UNEXPECTED_SIGNER';

export interface VerifyProblem {
  readonly code: VerifyProblemCode;
  readonly scheme?: Scheme;
  readonly message: string;
  /** For MALFORMED: the ApkError code. */
  readonly cause?: string;
}

export interface SchemeResult {
  readonly present: boolean;
  readonly verified: boolean;
  /** SHA-256 (hex) of each signer's certificate. */
  readonly signers: readonly string[];
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly path: string;
  readonly artifact: AndroidKind | undefined;
  readonly info: ArtifactInfo | undefined;
  /** The lowest API level checked for (the APK's minSdkVersion, or the caller's). */
  readonly minSdkVersion: number;
  readonly schemes: { readonly v1: SchemeResult; readonly v2: SchemeResult; readonly v3: SchemeResult };
  /** SHA-256 (hex) of the signer certificates, across schemes. */
  readonly signers: readonly string[];
  /** The signer certificates (DER), in the order of `signers`: for `verify --print-certs`. */
  readonly signerCertificates: readonly Uint8Array[];
  readonly problems: readonly VerifyProblem[];
}

export class ProblemList {
  readonly items: VerifyProblem[] = [];
  add(code: VerifyProblemCode, message: string, scheme?: Scheme): void {
    this.items.push({ code, message, ...(scheme === undefined ? {} : { scheme }) });
  }
  get empty(): boolean {
    return this.items.length === 0;
  }
}
