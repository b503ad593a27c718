/**
 * What one submitter, or one connection, may cost the server, so that no single client can hold
 * others up: connections (in all, and per submitter), TLS handshakes, headers and idle keep-alive
 * connections are timed out; an upload body must keep a minimum rate (a slow link is fine, a
 * trickle is not: 512 MiB at the default minimum takes a day and a half, so no honest upload is
 * cut); each submitter may run a few uploads at once and send so many bytes an hour. Refusals
 * are typed 429s (or 408 for a body too slow), with Retry-After where waiting helps.
 */
import { z } from 'zod';
import type { ClientIdentity } from './identity.ts';
import { ServerError } from './errors.ts';

const GIB = 1024 * 1024 * 1024;

export const LimitsConfig = z
  .strictObject({
    /** Open connections in all; the kernel holds the rest in the listen backlog. */
    maxConnections: z.number().int().min(1).default(1024),
    connectionsPerSubmitter: z.number().int().min(1).default(32),
    uploadsPerSubmitter: z.number().int().min(1).default(4),
    uploadBytesPerHour: z.number().int().min(1).default(8 * GIB),
    handshakeSeconds: z.number().positive().default(10),
    headersSeconds: z.number().positive().default(30),
    /** A keep-alive connection with no request in flight is closed after this. */
    idleSeconds: z.number().positive().default(5),
    /** An upload must bring at least this many bytes a second, averaged over each window. */
    minUploadBytesPerSecond: z.number().int().min(0).default(4096),
    uploadRateWindowSeconds: z.number().positive().default(60),
  })
  .prefault({});

/** A submitter's own limits, where it needs more (or less) than the server's defaults. */
export const SubmitterLimitsConfig = z.strictObject({
  connections: z.number().int().min(1).optional(),
  uploads: z.number().int().min(1).optional(),
  uploadBytesPerHour: z.number().int().min(1).optional(),
});

export type ServerLimits = z.infer<typeof LimitsConfig>;
export type SubmitterLimits = z.infer<typeof SubmitterLimitsConfig>;

const HOUR = 3600_000;

interface Usage {
  connections: number;
  uploads: number;
  /** Bytes received, by when: the last hour's are summed. */
  received: { at: number; bytes: number }[];
}

export interface UploadSlot {
  /** Counts bytes as they arrive; throws UPLOAD_QUOTA once the hour's allowance is spent. */
  count(bytes: number): void;
  end(): void;
}

export class SubmitterLimiter {
  private readonly usage = new Map<string, Usage>();

  constructor(
    readonly limits: ServerLimits,
    private readonly now: () => number = Date.now,
  ) {}

  private of(name: string): Usage {
    let u = this.usage.get(name);
    if (u === undefined) this.usage.set(name, (u = { connections: 0, uploads: 0, received: [] }));
    return u;
  }

  /** Counts a connection of a known submitter; false when it is over its cap (the connection is then refused). */
  openConnection(identity: ClientIdentity): { allowed: boolean; close(): void } {
    const u = this.of(identity.submitter.name);
    u.connections++;
    let closed = false;
    return {
      allowed: u.connections <= (identity.submitter.limits?.connections ?? this.limits.connectionsPerSubmitter),
      close: () => {
        if (!closed) u.connections--;
        closed = true;
      },
    };
  }

  private receivedLastHour(u: Usage): number {
    const since = this.now() - HOUR;
    while (u.received.length > 0 && u.received[0]!.at <= since) u.received.shift();
    return u.received.reduce((n, r) => n + r.bytes, 0);
  }

  private retryAfter(u: Usage): number {
    const oldest = u.received[0]?.at ?? this.now();
    return Math.max(1, Math.ceil((oldest + HOUR - this.now()) / 1000));
  }

  /** Starts an upload of `declared` bytes (when the request says), or refuses it with a 429. */
  beginUpload(identity: ClientIdentity, declared: number | undefined): UploadSlot {
    const name = identity.submitter.name;
    const u = this.of(name);
    const maxUploads = identity.submitter.limits?.uploads ?? this.limits.uploadsPerSubmitter;
    const perHour = identity.submitter.limits?.uploadBytesPerHour ?? this.limits.uploadBytesPerHour;
    if (u.uploads >= maxUploads) {
      throw new ServerError('TOO_MANY_UPLOADS', `${name} already has ${u.uploads} uploads in progress; at most ${maxUploads} at once`, { retryAfterSeconds: 5 });
    }
    const used = this.receivedLastHour(u);
    if (used + (declared ?? 0) > perHour) {
      throw new ServerError('UPLOAD_QUOTA', `${name} sent ${used} bytes in the last hour; this upload of ${declared ?? 0} more would pass the limit of ${perHour}`, { retryAfterSeconds: this.retryAfter(u) });
    }
    u.uploads++;
    let ended = false;
    return {
      count: (bytes) => {
        const now = this.now();
        const last = u.received[u.received.length - 1];
        // One record per second is plenty to sum an hour.
        if (last !== undefined && now - last.at < 1000) last.bytes += bytes;
        else u.received.push({ at: now, bytes });
        if (this.receivedLastHour(u) > perHour) {
          throw new ServerError('UPLOAD_QUOTA', `${name} sent more than ${perHour} bytes in the last hour`, { retryAfterSeconds: this.retryAfter(u) });
        }
      },
      end: () => {
        if (!ended) u.uploads--;
        ended = true;
      },
    };
  }
}
