/**
 * The kinds of protocol/kinds this folder reads, prepares, assembles and verifies: Android's ZIP
 * signing (v1 JAR signing, APK Signature Scheme v2/v3) serves APKs and JARs, and no other kind.
 */
import type { ArtifactKind } from '../../protocol/kinds/index.ts';

export type AndroidKind = Extract<ArtifactKind, 'apk' | 'jar'>;
