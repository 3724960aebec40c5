/**
 * What the single table holds, read by a full scan and counted by record kind: the local
 * stack's summary (`edi start`) and tests that check nothing is there twice. Each item's kind
 * and record are the ones the other adapters wrote (see dynamo-order-store.ts for the design).
 */
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PART_KIND, recordJson } from './dynamo-table.ts';

/** One table item: its kind, sort key and record (`data`, parsed JSON). */
export interface ScannedItem {
  kind: string;
  sk: string;
  data: Record<string, unknown>;
  status?: string;
}

/** Every record of the table (a record split into parts counted once, read with its parts). */
export async function scanTable(dynamodb: DynamoDBClient, tableName: string): Promise<ScannedItem[]> {
  const raw: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const out = await dynamodb.send(new ScanCommand({ TableName: tableName, ...(start ? { ExclusiveStartKey: start } : {}) }));
    raw.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  const items: ScannedItem[] = [];
  for (const item of raw) {
    if (item.kind?.S === PART_KIND) continue;
    let data: Record<string, unknown> = {};
    try {
      const json = recordJson(item, raw);
      data = json ? (JSON.parse(json) as Record<string, unknown>) : {};
    } catch {
      data = {};
    }
    items.push({ kind: item.kind?.S ?? '?', sk: item.sk?.S ?? '', data, ...(item.status?.S ? { status: item.status.S } : {}) });
  }
  return items;
}

export interface TableInventory {
  itemsByKind: Record<string, number>;
  interchanges: { total: number; byState: Record<string, number>; resent: number };
  refusedFiles: { sourceKey: string; partner: string; reason: string }[];
  /** Inbound transaction sets acted on, by type (distinct causes). */
  documentsByType: Record<string, number>;
  orders: { total: number; byStatus: Record<string, number>; purchaseOrders: { partner: string; po: string }[] };
  /** Outbound document records by kind. */
  outboundRecords: Record<string, number>;
  emailRecords: { sent: number; sending: number };
  errors: { kind: string; partner: string; reason: string }[];
  partnerProfiles: string[];
}

function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/** The table's records, counted. */
export async function takeInventory(dynamodb: DynamoDBClient, tableName: string): Promise<TableInventory> {
  const inventory: TableInventory = {
    itemsByKind: {},
    interchanges: { total: 0, byState: {}, resent: 0 },
    refusedFiles: [],
    documentsByType: {},
    orders: { total: 0, byStatus: {}, purchaseOrders: [] },
    outboundRecords: {},
    emailRecords: { sent: 0, sending: 0 },
    errors: [],
    partnerProfiles: [],
  };
  const causes = new Map<string, Set<string>>();
  const addCause = (cause: unknown): void => {
    const c = cause as { type?: unknown; id?: unknown } | undefined;
    if (!c || typeof c.type !== 'string' || typeof c.id !== 'string' || !/^8[0-9]{2}$/.test(c.type)) return;
    const set = causes.get(c.type) ?? new Set<string>();
    set.add(c.id);
    causes.set(c.type, set);
  };
  for (const item of await scanTable(dynamodb, tableName)) {
    bump(inventory.itemsByKind, item.kind);
    const d = item.data;
    switch (item.kind) {
      case 'interchange':
        inventory.interchanges.total += 1;
        bump(inventory.interchanges.byState, String(d.state ?? '?'));
        break;
      case 'duplicate':
        inventory.interchanges.resent += 1;
        break;
      case 'rejected-file':
        inventory.refusedFiles.push({ sourceKey: String(d.sourceKey ?? '?'), partner: String(d.partner ?? '?'), reason: String(d.reason ?? '') });
        break;
      case 'order': {
        const order = (d.order ?? {}) as { status?: string; partner?: string; purchaseOrderNumber?: string };
        inventory.orders.total += 1;
        bump(inventory.orders.byStatus, order.status ?? '?');
        if (order.partner && order.purchaseOrderNumber) inventory.orders.purchaseOrders.push({ partner: order.partner, po: order.purchaseOrderNumber });
        break;
      }
      case 'event':
        addCause(d.cause);
        break;
      case 'forecast':
        for (const period of Array.isArray(d.periods) ? (d.periods as { setBy?: unknown }[]) : []) addCause(period.setBy);
        break;
      case 'error':
        addCause(d.cause);
        inventory.errors.push({ kind: String(d.kind ?? '?'), partner: String(d.partner ?? '?'), reason: String(d.reason ?? '') });
        break;
      case 'document':
        bump(inventory.outboundRecords, String(d.kind ?? '?'));
        break;
      case 'email':
        if (d.status === 'sent') inventory.emailRecords.sent += 1;
        else inventory.emailRecords.sending += 1;
        break;
      case 'partner':
        if (item.sk === 'PROFILE' && typeof d.id === 'string') inventory.partnerProfiles.push(d.id);
        break;
      default:
        if (item.kind.endsWith('-error')) inventory.errors.push({ kind: item.kind, partner: String(d.partner ?? '-'), reason: String(d.reason ?? d.message ?? '') });
    }
  }
  for (const [type, ids] of [...causes].sort(([a], [b]) => a.localeCompare(b))) inventory.documentsByType[type] = ids.size;
  inventory.orders.purchaseOrders.sort((a, b) => `${a.partner}/${a.po}`.localeCompare(`${b.partner}/${b.po}`));
  inventory.partnerProfiles.sort();
  return inventory;
}
