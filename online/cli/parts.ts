/** The real parts the commands run the pipeline with: the message codec, the to-be-signed builder, the engine of each kind. */
import { messageDigest, messageToTransfer, transferToMessage } from '../../protocol/messages/index.ts';
import type { Message } from '../../protocol/messages/index.ts';
import { buildToBeSigned } from '../../protocol/signing/index.ts';
import type { ArtifactEngines, PipelineParts } from '../pipeline/index.ts';
import { identifyArtifact } from '../apk/index.ts';
import { androidEngines } from '../pipeline/engine/apk-engine.ts';
import { openPgpEngine } from '../openpgp/index.ts';
import { aptReleaseEngine } from '../apt/index.ts';

export function readMessageFile(file: Uint8Array): Message {
  return transferToMessage(file);
}

/** One set of engines for the process: their threads and apksig's JVM are started once. */
let engines: ArtifactEngines | undefined;

export async function realParts(): Promise<PipelineParts> {
  return {
    engines: engines ??= { ...androidEngines(), openpgp: openPgpEngine(), 'apt-release': aptReleaseEngine() },
    identify: async (file) => identifyArtifact(file),
    codec: {
      requestFile: (request) => ({ file: messageToTransfer(request), digest: messageDigest(request) }),
      readMessageFile,
    },
    toBeSigned: buildToBeSigned,
  };
}
