/** Every message that crosses the link, told apart by `kind`. */
import { z } from 'zod';
import { CertificateExport } from './certificate.ts';
import { ErrorMessage } from './error.ts';
import { SigningRequest } from './request.ts';
import { SigningResponse } from './response.ts';

export const Message = z.discriminatedUnion('kind', [SigningRequest, SigningResponse, CertificateExport, ErrorMessage]);
export type Message = z.infer<typeof Message>;
export type MessageKind = Message['kind'];
