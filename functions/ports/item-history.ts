import type { DelayNote, ItemEvent, ItemEventInput } from '#schemas/records/item-history.ts';

/**
 * The history of an item (README, "Planning intelligence", item history). `recordItemEvent` is the
 * one way any use case adds to it: an entry is stored once per (item, id), so a use case
 * repeated after a crash with the same cause adds nothing.
 */
export interface ItemHistory {
  recordItemEvent(entry: ItemEventInput): Promise<void>;
  /** Oldest first; `limit` keeps the newest that many. */
  listItemEvents(item: string, options?: { limit?: number }): Promise<ItemEvent[]>;
}

/** The latest delay note of each item: what the next customer notice of that item quotes. */
export interface DelayNotes {
  getDelayNote(item: string): Promise<DelayNote | undefined>;
  putDelayNote(note: DelayNote): Promise<void>;
}
