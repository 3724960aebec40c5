import type { PurchaseOrder } from '#schemas/documents/x12-documents.ts';

/** Ship-to id (N104, else N102) of the header ST party. */
export function shipToOf(po: Pick<PurchaseOrder, 'parties'>): string | undefined {
  const st = po.parties.find((p) => p.role.trim().toUpperCase() === 'ST');
  return st ? st.id?.trim() || st.name?.trim() || undefined : undefined;
}
