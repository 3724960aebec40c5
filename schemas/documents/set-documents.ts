/**
 * The typed document (`x12-documents.ts`) each supported transaction set reads to and is written
 * from, joined to the set registry's data facts. Apart from `schemas/x12/registry.ts` so that
 * reading X12 (the `edi` command's translate/validate/ack) never loads zod's schemas.
 */
import type { z } from 'zod';
import { FORWARDED_SETS, SENT_SETS, type ForwardedSet, type SentSet, type SupportedSet } from '../x12/registry.ts';
import {
  ChangeAcknowledgmentZ,
  FunctionalAcknowledgmentZ,
  InvoiceZ,
  OrderAcknowledgmentZ,
  OrderChangeZ,
  PlanningScheduleZ,
  PurchaseOrderZ,
  ShipNoticeZ,
} from './x12-documents.ts';

/** The document schema of each set, by ST01: its mapper's output and its writer's input. */
export const DOCUMENT_OF_SET = {
  '810': InvoiceZ,
  '830': PlanningScheduleZ,
  '850': PurchaseOrderZ,
  '855': OrderAcknowledgmentZ,
  '856': ShipNoticeZ,
  '860': OrderChangeZ,
  '865': ChangeAcknowledgmentZ,
  '997': FunctionalAcknowledgmentZ,
} as const satisfies Record<SupportedSet, z.ZodType<{ type: string }>>;

/** The document schemas of {@link FORWARDED_SETS}, for the documents queue message. */
export const FORWARDED_DOCUMENTS = FORWARDED_SETS.map((id) => DOCUMENT_OF_SET[id]) as [
  (typeof DOCUMENT_OF_SET)[ForwardedSet],
  ...(typeof DOCUMENT_OF_SET)[ForwardedSet][],
];

/** The document schemas of {@link SENT_SETS}, for the outbound queue message. */
export const SENT_DOCUMENTS = SENT_SETS.map((id) => DOCUMENT_OF_SET[id]) as [(typeof DOCUMENT_OF_SET)[SentSet], ...(typeof DOCUMENT_OF_SET)[SentSet][]];
