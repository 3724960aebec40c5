import type { DemandLine } from '#schemas/records/records.ts';

/** What the work-list index says of an order (its summary item). */
export interface IndexedOrderSummary {
  partner: string;
  purchaseOrderNumber: string;
  status: string;
  version: number;
  lines: number;
  heldLines: string[];
  orderDate?: string | undefined;
}

/** The records the store derives from an order head, read back for verification. */
export interface DerivedOrderRecords {
  summary?: IndexedOrderSummary | undefined;
  demand: DemandLine[];
}

/** Read-only access the verifier and the daily seal need beyond the timeline. */
export interface OrderAuditSource {
  derived(partner: string, purchaseOrderNumber: string): Promise<DerivedOrderRecords>;
  /** Every order the store holds (a head, a summary or an event), partner then PO. */
  allOrders(): Promise<Array<{ partner: string; purchaseOrderNumber: string }>>;
}
