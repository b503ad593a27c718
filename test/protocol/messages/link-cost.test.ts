/**
 * What a signing request costs on the optical link, per APK, after compression. The target is
 * well under 200 bytes per v2+v3 APK item; a format change that breaks it should fail here.
 */
import { describe, expect, it } from 'vitest';
import { messageToTransfer } from '../../../protocol/messages/index.ts';
import { typicalRequest } from './typical.ts';

describe('link cost of a typical v2+v3 APK request', () => {
  it('100 items: under 120 bytes per item', () => {
    const bytes = messageToTransfer(typicalRequest(100)).length;
    expect(bytes / 100).toBeLessThan(120);
  });

  it('a single item, with the request envelope: under 200 bytes in all', () => {
    expect(messageToTransfer(typicalRequest(1)).length).toBeLessThan(200);
  });
});
