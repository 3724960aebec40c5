/**
 * Inbound queue message: the body S3 puts on the queue when an object is created in the
 * inbound bucket (an S3 event notification), or the `s3:TestEvent` it sends once when the
 * notification is configured. S3 owns this format, so the version is S3's `eventVersion`;
 * `INBOUND_EVENT_SCHEMA_VERSION` versions our reading of it.
 */
import { z } from 'zod';

export const INBOUND_EVENT_SCHEMA_VERSION = 1;

export const S3EventRecordZ = z.object({
  eventVersion: z.string().regex(/^2\./, 'S3 event notification version 2.x'),
  eventSource: z.literal('aws:s3'),
  eventTime: z.string(),
  eventName: z.string().startsWith('ObjectCreated:'),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      /** URL-encoded (spaces as `+`), as S3 sends it; see {@link decodeS3Key}. */
      key: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
      eTag: z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});
export type S3EventRecord = z.infer<typeof S3EventRecordZ>;

export const S3TestEventZ = z.object({ Service: z.literal('Amazon S3'), Event: z.literal('s3:TestEvent') });

export const InboundEventZ = z.union([
  z.object({
    Records: z.array(S3EventRecordZ).min(1),
    /**
     * Never from S3: the local stack's restart reconcile (infra/local/stack.ts) re-announces an
     * object whose messages were on queues a hard stop lost, so ingest forwards the sets of an
     * interchange it already marked queued again (every later stage is idempotent on them).
     */
    resume: z.literal(true).optional(),
  }),
  S3TestEventZ,
]);
export type InboundEvent = z.infer<typeof InboundEventZ>;

/** One object that arrived in the inbound bucket, decoded. */
export interface InboundObject {
  bucket: string;
  key: string;
  size?: number;
  eventTime: string;
  /** Re-announced after a hard stop: forward the sets of an interchange already queued again. */
  resume?: boolean;
}

/** S3 notification keys are URL-encoded with `+` for spaces. */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** Parses an inbound queue message body into the objects it announces (none for the S3 test event). */
export function parseInboundEvent(body: string): InboundObject[] {
  const event = InboundEventZ.parse(JSON.parse(body));
  if (!('Records' in event)) return [];
  return event.Records.map((r) => ({
    bucket: r.s3.bucket.name,
    key: decodeS3Key(r.s3.object.key),
    ...(r.s3.object.size !== undefined ? { size: r.s3.object.size } : {}),
    eventTime: r.eventTime,
    ...(event.resume ? { resume: true } : {}),
  }));
}
