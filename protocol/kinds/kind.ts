/**
 * What every kind of signing item says about itself (one module per kind beside this file): its
 * schema, how the bytes it asks to have signed are built, how its signatures are encoded, what the
 * policy matches it on, and how the review names it. buildToBeSigned (protocol/signing) stays the
 * one place that decides what is signed: it checks the key and hands the item to its kind.
 */
import type { z } from 'zod';
import type { KeyType } from '../signing/algorithms.ts';
import type { ToBeSigned } from '../signing/to-be-signed.ts';

/** What a signature of an item covers, as the operator must see it: one line per digest. */
export interface SignedDigest {
  /** The schemes whose signatures cover it, e.g. "v2+v3" or "v1". */
  readonly schemes: string;
  /** What the digest is of, e.g. "content digest (chunked SHA-256)". */
  readonly what: string;
  /** The same in a few words, for the signer page: "v2/v3 content digest". */
  readonly brief: string;
  readonly hex: string;
}

/** What the policy matches an item on: the name its rules list, and the number that must rise per name. */
export interface PolicySubject {
  readonly name: string;
  readonly order: number;
  /** What the rollback floor is kept for, when not the name (an apt Release file: its suite, whatever name it is given). */
  readonly floor?: string;
}

/** How the review and the audit log name an item. */
export interface ItemLabel {
  /** The kind, to an operator: "APK", "F-Droid index JAR". */
  readonly noun: string;
  readonly name: string;
  /** The number that must rise per name, and what it is: "versionCode", "index timestamp". */
  readonly orderName: string;
  readonly order: number;
  /** The version as people write it (versionName, index version); may be empty. */
  readonly version: string;
  /** What the review adds after the version to say the kind: empty for APKs (the usual kind), else the noun. */
  readonly note: string;
}

/**
 * A kind of item. Its functions take the item without its key index (which only the request
 * resolves), so the online side can ask them of an item it is preparing.
 */
export interface ArtifactKindModule<Item extends { readonly artifact: string; readonly key: number }> {
  readonly kind: Item['artifact'];
  readonly schema: z.ZodType<Item>;
  /** The kind, to an operator, one and many: "APK"/"APKs". */
  readonly noun: string;
  readonly nounPlural: string;
  /**
   * How an ECDSA signature is carried: DER (APK signer blocks, PKCS#7) or the token's raw r||s
   * (what OpenPGP and others want). RSA signatures are carried as the token returns them.
   */
  readonly ecdsaEncoding: 'der' | 'raw';
  /** The exact bytes each signature of the item covers; throws ProtocolError SCHEMA/UNSUPPORTED. */
  toBeSigned(item: Omit<Item, 'key'>, key: KeyType, certificateDer: Uint8Array): ToBeSigned[];
  /** The digests the item asks to have signed, as the operator must see them. */
  signedDigests(item: Omit<Item, 'key'>): SignedDigest[];
  policySubject(item: Omit<Item, 'key'>): PolicySubject;
  label(item: Omit<Item, 'key'>): ItemLabel;
}
