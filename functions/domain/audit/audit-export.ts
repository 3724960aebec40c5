/**
 * Audit-sampling export rows (`edi export`), pure: one JSON object per order (JSONL) or one CSV
 * row per order line (RFC 4180 quoting; a cell starting with `=`, `+`, `-` or `@` is prefixed
 * with `'` so a spreadsheet never runs partner-supplied text as a formula).
 */
import type { DecisionAction } from '#schemas/records/planning-state.ts';
import type { OrderHead, OutboundRecord } from '#schemas/records/records.ts';
import { lineNumberOf } from '../planning/order-lines.ts';
import { itemOf } from '../orders/order-keys.ts';

export interface ExportedOrder {
  partner: string;
  purchaseOrderNumber: string;
  orderDate?: string | undefined;
  status: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  lastEventSeq: number;
  lastEventHash: string;
  lines: Array<{ lineNumber: string; item?: string | undefined; quantity?: number | undefined; unitOfMeasure?: string | undefined; unitPrice?: number | undefined; status?: string | undefined; reasons: string[] }>;
  decisions: Array<{ lineNumber: string; action: string; by: string; reason: string; at: string }>;
  documents: Array<{ kind: string; isa13: string; gs06: number; st02: string; recordedAt: string; key: string }>;
}

function actionText(a: DecisionAction): string {
  switch (a.kind) {
    case 'quantity':
      return `quantity=${a.quantity}`;
    case 'date':
      return `date=${a.date}`;
    case 'price':
      return `price=${a.unitPrice}`;
    default:
      return a.kind;
  }
}

export function exportedOrderOf(head: OrderHead, documents: readonly OutboundRecord[]): ExportedOrder {
  const o = head.order;
  const states = new Map((head.planning?.lineStates ?? []).map((s) => [s.lineNumber, s]));
  return {
    partner: o.partner,
    purchaseOrderNumber: o.purchaseOrderNumber,
    ...(o.orderDate ? { orderDate: o.orderDate } : {}),
    status: o.status,
    version: o.version,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    lastEventSeq: o.lastEventSeq,
    lastEventHash: o.lastEventHash,
    lines: o.purchaseOrder.lines.map((l, i) => {
      const lineNumber = lineNumberOf(l, i);
      const state = states.get(lineNumber);
      return { lineNumber, item: itemOf(l.productIds), quantity: l.quantity, unitOfMeasure: l.unitOfMeasure, unitPrice: l.unitPrice, status: state?.status, reasons: state?.reasons ?? [] };
    }),
    decisions: (head.planning?.decisions ?? []).map((d) => ({ lineNumber: d.lineNumber, action: actionText(d.action), by: d.by, reason: d.reason, at: d.at })),
    documents: [...documents]
      .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt))
      .map((d) => ({ kind: d.kind, isa13: String(d.numbers.interchange).padStart(9, '0'), gs06: d.numbers.group, st02: String(d.numbers.firstSet).padStart(4, '0'), recordedAt: d.recordedAt, key: d.key })),
  };
}

export const EXPORT_CSV_HEADER = ['partner', 'po', 'order_date', 'order_status', 'version', 'line', 'item', 'quantity', 'uom', 'unit_price', 'line_status', 'reasons', 'decisions', 'documents', 'last_event_hash'] as const;

/** One CSV cell: quoted when it holds a comma, quote or line break; formula-looking text defused. */
export function csvCell(value: string | number | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV rows (without the header) of an exported order: one per line. */
export function csvRowsOf(e: ExportedOrder): string[] {
  const docs = e.documents.map((d) => `${d.kind} ISA13 ${d.isa13}`).join('; ');
  return e.lines.map((l) => {
    const decisions = e.decisions.filter((d) => d.lineNumber === l.lineNumber).map((d) => `${d.action} by ${d.by} at ${d.at}: ${d.reason}`).join('; ');
    return [e.partner, e.purchaseOrderNumber, e.orderDate, e.status, e.version, l.lineNumber, l.item, l.quantity, l.unitOfMeasure, l.unitPrice, l.status, l.reasons.join(' '), decisions, docs, e.lastEventHash].map(csvCell).join(',');
  });
}
