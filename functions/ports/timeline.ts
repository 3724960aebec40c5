import type { Sender } from '#schemas/messages/common.ts';
import type {
  DuplicateRecord,
  EmailRecord,
  ErrorRecord,
  InterchangeRecord,
  Order,
  OrderEvent,
  OutboundRecord,
} from '#schemas/records/records.ts';
import type { SentDocument } from '#schemas/records/sent-document.ts';

export interface OrderTimeline {
  order?: Order;
  events: OrderEvent[];
  documents: OutboundRecord[];
  emails: EmailRecord[];
  errors: ErrorRecord[];
  /** The partner-acknowledgment state of each document of `documents` we track (855/856/865/810). */
  acknowledgments?: SentDocument[];
}

export interface InterchangeTimeline {
  interchange?: InterchangeRecord;
  duplicates: DuplicateRecord[];
  documents: OutboundRecord[];
  emails: EmailRecord[];
}

/** Read-only history: everything recorded about an order or an interchange (one Query each). */
export interface Timeline {
  order(partner: string, purchaseOrderNumber: string): Promise<OrderTimeline>;
  interchange(sender: Sender, interchangeControlNumber: string): Promise<InterchangeTimeline>;
}
