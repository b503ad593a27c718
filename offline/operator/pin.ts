/**
 * The PIN comes from the operator only: a prompt on the terminal with no echo, or a file for
 * unattended runs and tests. It lives in a Buffer the caller zeroes after login (the session does
 * that); it is never logged and never part of an error message.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { SignerError } from '../errors.ts';

/** Longer PINs than this are refused rather than read without bound. */
export const MAX_PIN_BYTES = 256;

/** Reads a PIN file: its first line, without the newline. The file's bytes are wiped after copying. */
export function readPinFile(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (cause) {
    throw new SignerError('PIN_MISSING', `cannot open the PIN file ${path}`, { cause });
  }
  const raw = Buffer.alloc(MAX_PIN_BYTES + 2);
  try {
    const n = readSync(fd, raw, 0, raw.length, 0);
    let end = raw.indexOf(0x0a);
    if (end === -1 || end > n) end = n;
    if (end > 0 && raw[end - 1] === 0x0d) end--;
    if (end > MAX_PIN_BYTES) throw new SignerError('PIN_INVALID', `the PIN in ${path} is longer than ${MAX_PIN_BYTES} bytes`);
    if (end === 0) throw new SignerError('PIN_INVALID', `the PIN file ${path} is empty`);
    return Buffer.from(raw.subarray(0, end));
  } finally {
    raw.fill(0);
    closeSync(fd);
  }
}

/**
 * Asks for the PIN on the terminal with echo off. Reads from the controlling terminal, so a
 * request piped on stdin can never answer it.
 */
export async function promptPin(prompt = 'PIN: '): Promise<Buffer> {
  const { ReadStream } = await import('node:tty');
  let fd: number;
  try {
    fd = openSync('/dev/tty', 'r+');
  } catch (cause) {
    throw new SignerError('PIN_MISSING', 'no terminal to ask for the PIN on; give --pin-file for unattended runs', { cause });
  }
  const input = new ReadStream(fd);
  const echo = (text: string) => process.stderr.write(text);
  const pin = Buffer.alloc(MAX_PIN_BYTES);
  let length = 0;
  input.setRawMode(true);
  echo(prompt);
  try {
    await new Promise<void>((resolve, reject) => {
      input.on('data', (chunk: Buffer) => {
        let outcome: 'more' | 'done' | Error = 'more';
        for (const byte of chunk) {
          if (byte === 0x0d || byte === 0x0a) outcome = 'done';
          else if (byte === 0x03) outcome = new SignerError('PIN_MISSING', 'PIN entry interrupted');
          else if (byte === 0x7f || byte === 0x08) length = Math.max(0, length - 1);
          else if (length >= MAX_PIN_BYTES) outcome = new SignerError('PIN_INVALID', `PIN longer than ${MAX_PIN_BYTES} bytes`);
          else pin[length++] = byte;
          if (outcome !== 'more') break;
        }
        chunk.fill(0);
        if (outcome === 'done') resolve();
        else if (outcome !== 'more') reject(outcome);
      });
    });
    if (length === 0) throw new SignerError('PIN_INVALID', 'empty PIN');
    return Buffer.from(pin.subarray(0, length));
  } finally {
    pin.fill(0);
    echo('\n');
    input.setRawMode(false);
    input.destroy();
  }
}
