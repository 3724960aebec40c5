/**
 * Item resolution: an order line names its item by buyer part (`BP`, `IN`), vendor part (`VP`)
 * or UPC/GTIN (`UP`, `UK`, `EN`, `UA`); each leads to one item-master record.
 */
import type { Item } from '#schemas/master-data/item.ts';
import type { ProductId } from '#schemas/documents/x12-documents.ts';

export interface ItemIndex {
  byVendorPart: ReadonlyMap<string, Item>;
  byUpc: ReadonlyMap<string, Item>;
  /** Key `partnerId \0 buyerPart`. */
  byBuyerPart: ReadonlyMap<string, Item>;
}

const BUYER_QUALIFIERS = new Set(['BP', 'IN']);
const VENDOR_QUALIFIERS = new Set(['VP', 'VN']);
const UPC_QUALIFIERS = new Set(['UP', 'UK', 'EN', 'UA', 'UI']);

export function buildItemIndex(items: readonly Item[]): ItemIndex {
  const byVendorPart = new Map<string, Item>();
  const byUpc = new Map<string, Item>();
  const byBuyerPart = new Map<string, Item>();
  for (const item of items) {
    byVendorPart.set(item.vendorPart, item);
    if (item.upc) byUpc.set(normaliseUpc(item.upc), item);
    for (const [partner, part] of Object.entries(item.buyerParts)) byBuyerPart.set(`${partner}\u0000${part}`, item);
  }
  return { byVendorPart, byUpc, byBuyerPart };
}

function normaliseUpc(value: string): string {
  return value.trim().replace(/^0+/, '');
}

export type ItemResolution =
  | { kind: 'found'; item: Item; matchedBy: ProductId[] }
  | { kind: 'unknown'; productIds: ProductId[] }
  | { kind: 'conflict'; candidates: { item: string; by: ProductId }[] };

/**
 * Resolve the product ids of a line (PO1 06–25 pairs) to one item. Ids we do not index (e.g. `SK`)
 * are ignored; ids that name different items are a conflict (a classic wrong-item slip).
 */
export function resolveItem(index: ItemIndex, partnerId: string, productIds: readonly ProductId[]): ItemResolution {
  const hits: { item: Item; by: ProductId }[] = [];
  for (const id of productIds) {
    const qualifier = id.qualifier.trim().toUpperCase();
    const value = id.value.trim();
    let item: Item | undefined;
    if (BUYER_QUALIFIERS.has(qualifier)) item = index.byBuyerPart.get(`${partnerId}\u0000${value}`);
    else if (VENDOR_QUALIFIERS.has(qualifier)) item = index.byVendorPart.get(value);
    else if (UPC_QUALIFIERS.has(qualifier)) item = index.byUpc.get(normaliseUpc(value));
    else continue;
    if (item) hits.push({ item, by: id });
  }
  const found = hits;
  if (found.length === 0) return { kind: 'unknown', productIds: [...productIds] };
  const distinct = new Set(found.map((hit) => hit.item.vendorPart));
  if (distinct.size > 1) return { kind: 'conflict', candidates: found.map((hit) => ({ item: hit.item.vendorPart, by: hit.by })) };
  return { kind: 'found', item: (found[0] as { item: Item }).item, matchedBy: found.map((hit) => hit.by) };
}

/** The buyer's own part number for display, else the first product id. */
export function displayPart(productIds: readonly ProductId[]): string | undefined {
  const buyer = productIds.find((id) => BUYER_QUALIFIERS.has(id.qualifier.toUpperCase()));
  return (buyer ?? productIds[0])?.value;
}
