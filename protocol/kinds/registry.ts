/**
 * The kinds of signing item, each a module beside this file. Everything that lists kinds derives
 * from here: the request schema's union, the policy's kinds, the review's labels, the online
 * engines. Adding a kind is adding its module to KINDS and ITEM_SCHEMAS and its case to `withKind`;
 * the compiler then names every other place left (each switch over kinds ends in `unknownKind`).
 */
import { ProtocolError } from '../errors.ts';
import { ApkItem, apkKind } from './apk.ts';
import { JarItem, jarKind } from './jar.ts';
import { OpenPgpItem, openPgpKind } from './openpgp.ts';
import { AptReleaseItem, aptReleaseKind } from './apt-release.ts';
import type { ArtifactKindModule, ItemLabel, PolicySubject, SignedDigest } from './kind.ts';

export const KINDS = { apk: apkKind, jar: jarKind, openpgp: openPgpKind, 'apt-release': aptReleaseKind } as const;
export type ArtifactKind = keyof typeof KINDS;
export const ARTIFACT_KINDS = Object.keys(KINDS) as [ArtifactKind, ...ArtifactKind[]];

/** The item schemas, for the request's discriminated union (a tuple, as zod wants it). */
export const ITEM_SCHEMAS = [ApkItem, JarItem, OpenPgpItem, AptReleaseItem] as const;
export type SigningItem = ApkItem | JarItem | OpenPgpItem | AptReleaseItem;

/** A signing item without its key index (the request assigns that), kind by kind. */
export type UnkeyedItem = SigningItem extends infer I ? (I extends SigningItem ? Omit<I, 'key'> : never) : never;

// Both lists name the same kinds: a kind in one and not the other fails to compile here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameKinds: Same<SigningItem['artifact'], ArtifactKind> = true;
void _sameKinds;

/** The end of every switch over kinds: unreachable while the switch names each kind. */
export function unknownKind(kind: never): never {
  throw new ProtocolError('UNKNOWN_KIND', `artifact kind ${JSON.stringify(String((kind as { artifact?: unknown })?.artifact ?? kind)).slice(0, 40)} is not known (known: ${ARTIFACT_KINDS.join(', ')})`, { fields: ['artifact'] });
}

export function isArtifactKind(value: unknown): value is ArtifactKind {
  return typeof value === 'string' && Object.hasOwn(KINDS, value);
}

/** Calls `use` with the item and its kind's module, typed to each other. */
export function withKind<R>(item: UnkeyedItem, use: <I extends SigningItem>(kind: ArtifactKindModule<I>, item: Omit<I, 'key'>) => R): R {
  switch (item.artifact) {
    case 'apk': return use(apkKind, item);
    case 'jar': return use(jarKind, item);
    case 'openpgp': return use(openPgpKind, item);
    case 'apt-release': return use(aptReleaseKind, item);
    default: return unknownKind(item);
  }
}

export function itemLabel(item: UnkeyedItem): ItemLabel {
  return withKind(item, (kind, i) => kind.label(i));
}

export function policySubject(item: UnkeyedItem): PolicySubject {
  return withKind(item, (kind, i) => kind.policySubject(i));
}

export function itemSignedDigests(item: UnkeyedItem): SignedDigest[] {
  return withKind(item, (kind, i) => kind.signedDigests(i));
}
