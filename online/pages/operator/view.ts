/**
 * What the online operator page's server tells the page, as JSON (types only; the server builds
 * them in online/operator/views.ts).
 */

/** One artifact's item in a request the page shows. */
export interface RequestItemView {
  readonly fileName: string;
  readonly name: string;
  readonly versionCode: number;
  readonly versionName: string;
  readonly schemes: readonly string[];
  /** "1 of 2": this request is the artifact's first of two rounds. */
  readonly round: string;
  /** What the signature covers, short form, as the signer's review shows it ("signed"). */
  readonly signedWhat: string;
  readonly signedShort: string;
  /** The item's further claims (an F-Droid index JAR's repository name, apps, packages, index-v2 SHA-256), as the signer shows them: claimed. */
  readonly claims: readonly { readonly what: string; readonly value: string }[];
  /** First 8 hex digits of the key's certificate SHA-256, as the signer shows it. */
  readonly keyFingerprint: string;
}

/** An open signing session's request, to show as QR codes. */
export interface RequestView {
  readonly session: string;
  /** The request message file's bytes (a transfer), base64: what the frames carry. */
  readonly transfer: string;
  readonly bytes: number;
  /** SHA-256 of the request, short form (what the signer's review shows). */
  readonly digestShort: string;
  readonly items: readonly RequestItemView[];
}

/** One step an artifact went through in the round just answered. */
export interface CheckView {
  readonly what: string;
  /** Passed, failed, or never run (a refused item is never assembled). */
  readonly result: 'passed' | 'failed' | 'not run';
}

export interface ArtifactResultView {
  readonly fileName: string;
  readonly name?: string;
  readonly versionCode?: number;
  /** "signed", "next round", "failed", or the pipeline state it waits in. */
  readonly outcome: 'signed' | 'next round' | 'failed' | 'waiting';
  readonly state: string;
  /** The round this answer was for, "1 of 2". */
  readonly round: string;
  /** For "next round": what it signs, e.g. "round 2: v2+v3". */
  readonly next?: string;
  readonly checks: readonly CheckView[];
  /** Where the signed file is, an absolute path, and its SHA-256 (hex). */
  readonly output?: string;
  readonly outputSha256?: string;
  readonly failure?: { readonly code: string; readonly message: string };
}

export interface OperatorState {
  /** What the page works on: a session directory, or the server's spool. */
  readonly title: string;
  /** Open requests, oldest first: the page shows the first. */
  readonly requests: readonly RequestView[];
  readonly density: string;
  /** QR codes in each picture, as started (--codes); the page can change it. */
  readonly codes: number;
  readonly fps: number;
  readonly densities: readonly string[];
  readonly fpsChoices: readonly number[];
  /** The last answer taken in, from the spool: a reload shows its results again. */
  readonly last?: ResponseOutcome;
  /** Artifacts that failed and are in no open request (so "nothing to sign" is never the whole story). */
  readonly failed: number;
}

/** While an answer is taken in: each artifact of its session and the step it is at. */
export interface ProgressView {
  readonly artifacts: readonly { readonly fileName: string; readonly state: string }[];
}

export interface ResponseOutcome {
  readonly session: string;
  readonly signed: number;
  readonly refused: number;
  readonly audit?: { readonly seq: number; readonly head: string };
  readonly artifacts: readonly ArtifactResultView[];
  /** Requests open now (a next round's among them), oldest first. */
  readonly requests: readonly RequestView[];
  /** False when this very response had been taken in before (nothing changed). */
  readonly taken: boolean;
}

/** A certificate scanned from the signer's screen and pinned. */
export interface PinnedView {
  readonly label: string;
  /** SHA-256 of the certificate, hex: the signer's screen shows the same. */
  readonly sha256: string;
  readonly subject: string;
  readonly notAfter: string;
}

export type ApiReply<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly code: string; readonly message: string };
