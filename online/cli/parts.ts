/** The real parts the commands run the pipeline with: the message codec, the to-be-signed builder, the APK/JAR engine. */
import { messageDigest, messageToTransfer, transferToMessage } from '../../protocol/messages/index.ts';
import type { Message } from '../../protocol/messages/index.ts';
import { buildToBeSigned } from '../../protocol/signing/index.ts';
import type { ArtifactEngine, PipelineParts } from '../pipeline/index.ts';
import { apkEngine } from '../pipeline/engine/apk-engine.ts';

export function readMessageFile(file: Uint8Array): Message {
  return transferToMessage(file);
}

/** One engine for the process: its threads and apksig's JVM are started once. */
let engine: ArtifactEngine | undefined;

export async function realParts(): Promise<PipelineParts> {
  return {
    engine: engine ??= apkEngine(),
    codec: {
      requestFile: (request) => ({ file: messageToTransfer(request), digest: messageDigest(request) }),
      readMessageFile,
    },
    toBeSigned: buildToBeSigned,
  };
}
