/** Writes the signer's answer (a response, or an error message) wherever --out points. */
import type { Message } from '../../protocol/messages/index.ts';
import { SignerError } from '../errors.ts';
import { writeMessageFile } from './message-file.ts';

export function writeAnswer(path: string, message: Message): string {
  if (path.endsWith('/') || path.endsWith('.y4m')) {
    throw new SignerError('USAGE', `writing ${path.endsWith('/') ? 'frame directories' : 'video'} is not available in this build; give a message file`);
  }
  writeMessageFile(path, message);
  return path;
}
