/**
 * An item's history as the planner reads it (`edi item-history`, `GET /items/{item}/history`;
 * README, "Planning intelligence", item history): every entry, oldest first, with the item's
 * latest delay note. Reads only.
 */
import type { DelayNotes, ItemHistory } from '#functions/ports/item-history.ts';
import type { ItemMaster } from '#functions/ports/planning-store.ts';
import type { DelayNote, ItemEvent } from '#schemas/records/item-history.ts';
import { RequestRefusedError } from './errors.ts';

export interface ReadItemHistoryDeps {
  items: Pick<ItemMaster, 'listItems'>;
  itemHistory: Pick<ItemHistory, 'listItemEvents'>;
  notes: Pick<DelayNotes, 'getDelayNote'>;
}

export interface ItemHistoryView {
  item: string;
  description: string;
  delayNote?: DelayNote;
  events: ItemEvent[];
}

export async function readItemHistory(deps: ReadItemHistoryDeps, vendorPart: string, options: { limit?: number } = {}): Promise<ItemHistoryView> {
  const item = (await deps.items.listItems()).find((i) => i.vendorPart === vendorPart);
  if (!item) throw new RequestRefusedError(`no item ${vendorPart} in the item master`);
  const [events, note] = await Promise.all([deps.itemHistory.listItemEvents(vendorPart, options), deps.notes.getDelayNote(vendorPart)]);
  return { item: item.vendorPart, description: item.description, ...(note ? { delayNote: note } : {}), events };
}
