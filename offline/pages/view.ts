/**
 * What the signer's local server tells its page, as JSON: the review, the token, the answer to
 * show. Types only; the server builds these (offline/serve/views.ts) and the page renders them
 * as text, never as markup, since every name in a review came from a hostile request.
 */
import type { ArtifactKind } from '../../protocol/kinds/index.ts';

export type VerdictView = { readonly allowed: true } | { readonly allowed: false; readonly reason: string; readonly detail: string };

export interface ItemView {
  readonly index: number;
  /** Package name (apk) or index file name (jar). */
  readonly name: string;
  readonly artifact: ArtifactKind;
  /** The number that must rise per name (versionCode, index timestamp) and the version as written. */
  readonly order: number;
  readonly version: string;
  /** What the review adds after the version to say the kind ("F-Droid index JAR"; empty for APKs). */
  readonly note: string;
  /** SHA-256 of the artifact, short form (first and last 8 hex digits), and whole. */
  readonly sha256Short: string;
  readonly sha256: string;
  /** The key's label on the token, or "unknown". */
  readonly key: string;
  /** First 8 hex digits of the key's certificate SHA-256, if the item names one. */
  readonly keyFingerprint: string | undefined;
  readonly schemes: readonly string[];
  readonly verdict: VerdictView;
  /** The digests the signature covers, built from the item's fields: what is actually signed. */
  readonly signed: readonly SignedDigestView[];
  /** The item's further claims (an F-Droid index JAR's repository name, apps, packages, index-v2 SHA-256): the online side's words, shown as claimed. */
  readonly claims: readonly { readonly what: string; readonly value: string }[];
  /** What the signer read itself from the APK's manifest proof (facts); absent: name and version are claimed by the online side. */
  readonly proven?: readonly { readonly what: string; readonly value: string }[];
  /** Who attested the item and approved the request, and what did not count (offline/vouch/review-lines.ts); absent when nothing was carried or asked for. */
  readonly vouch?: readonly string[];
  /** What the signed bytes themselves say (an apt Release file's Origin, Suite, Date, ...): read by the signer from what it signs, shown as signed. */
  readonly asserted: readonly { readonly what: string; readonly value: string }[];
  /** Its group in the review by exception (offline/operator/review-groups.ts), and why. */
  readonly group: string;
  readonly why: string;
}

export interface SignedDigestView {
  /** "v2/v3 content digest" or "v1 .SF digest (sha256)". */
  readonly what: string;
  readonly short: string;
  readonly hex: string;
}

export interface GroupView {
  readonly kind: string;
  readonly title: string;
  /** Item indices (0-based) in request order. */
  readonly items: readonly number[];
}

export interface ReviewView {
  /** The request's SHA-256, hex: the page quotes it back with the operator's decision. */
  readonly requestDigest: string;
  readonly requestShort: string;
  /** Unix seconds. */
  readonly issuedAt: number;
  readonly reviewedAt: number;
  readonly items: readonly ItemView[];
  /** Exceptions first, routine last. */
  readonly groups: readonly GroupView[];
  readonly totals: {
    readonly total: number;
    readonly toSign: number;
    readonly refused: number;
    readonly keys: readonly { readonly key: string; readonly items: number }[];
    readonly reasons: readonly { readonly reason: string; readonly items: number }[];
  };
}

/** The message the page shows back as QR frames. */
export interface AnswerView {
  readonly kind: 'response' | 'error' | 'certificate';
  /** The message's transfer bytes, base64: what the frames carry. */
  readonly transfer: string;
  readonly signed: number;
  readonly refused: number;
  readonly audit?: { readonly seq: number; readonly head: string };
  /** For an error answer: why the request could not be read. */
  readonly error?: { readonly code: string; readonly message: string };
  /** For a certificate message: whose, and its SHA-256 (hex) for both screens to show. */
  readonly certificate?: CertificateView;
}

export interface TokenView {
  readonly label: string;
  readonly loggedIn: boolean;
  /** Keys on the token with a certificate, by label. */
  readonly keys: readonly string[];
}

export interface StateView {
  readonly token: TokenView;
  readonly policy: string;
  /** Density preset and display rate of the answer frames. */
  readonly density: string;
  /** QR codes in each picture of the answer, as started (--codes). */
  readonly codes: number;
  readonly fps: number;
  readonly review?: ReviewView;
  readonly answer?: AnswerView;
  /** A request scanned again after its answer was shown: the page offers that answer again. */
  readonly again?: AgainView;
  /** Keys whose certificate message the page can show, for the online side to pin. */
  readonly certificates: readonly CertificateView[];
}

export interface AgainView {
  readonly requestDigest: string;
  readonly requestShort: string;
  readonly signed: number;
  readonly refused: number;
}

export interface CertificateView {
  readonly label: string;
  /** SHA-256 of the certificate, hex. */
  readonly fingerprint: string;
}

/** What scanning a request leads to. */
export type TakenView = { readonly review: ReviewView } | { readonly answer: AnswerView } | { readonly again: AgainView };

/** Every API reply: the outcome, or a typed error the page switches on. */
export type ApiReply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: string; readonly message: string };
