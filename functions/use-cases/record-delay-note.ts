/**
 * Delay level 1 by the planner (`edi delay note`, `POST /items/{item}/delay-note`; DOMAIN, delay
 * communication): the root cause and countermeasure of an item's shortage, recorded on the item's
 * history. The customer texts, when given, are kept apart from the internal note: they are what the
 * item's next level-2 and level-3 notices quote, while the note is about the current shortage
 * (recorded after the item's last all-clear). Without them a notice says the neutral text and the
 * planner is told.
 * 1 check the item and the texts; 2 store the note as the item's latest; 3 record it on the item's
 * history with the lines short at the time.
 */
import type { Clock } from '#functions/ports/clock.ts';
import type { DelayNotes, ItemHistory } from '#functions/ports/item-history.ts';
import type { DelayStates, ItemMaster } from '#functions/ports/planning-store.ts';
import { DelayNoteZ, type DelayNote } from '#schemas/records/item-history.ts';
import { RequestRefusedError } from './errors.ts';

export interface RecordDelayNoteDeps {
  items: Pick<ItemMaster, 'listItems'>;
  delays: Pick<DelayStates, 'getDelayState'>;
  notes: Pick<DelayNotes, 'putDelayNote'>;
  itemHistory: Pick<ItemHistory, 'recordItemEvent'>;
  clock: Clock;
}

export interface DelayNoteRequest {
  item: string;
  cause: string;
  countermeasures: string[];
  customerCause?: string | undefined;
  customerCountermeasures?: string[] | undefined;
  by: string;
}

export async function recordDelayNote(deps: RecordDelayNoteDeps, input: DelayNoteRequest): Promise<{ note: DelayNote; linesShort: string[] }> {
  if (!(await deps.items.listItems()).some((i) => i.vendorPart === input.item)) throw new RequestRefusedError(`no item ${input.item} in the item master`);
  const customerCountermeasures = input.customerCountermeasures ?? [];
  const hasCustomer = input.customerCause !== undefined || customerCountermeasures.length > 0;
  if (hasCustomer && (input.customerCause === undefined || customerCountermeasures.length === 0)) {
    throw new RequestRefusedError('the customer texts go together: give --customer-cause and at least one --customer-countermeasure (or neither)');
  }
  const at = deps.clock.now().toISOString();
  const parsed = DelayNoteZ.safeParse({
    item: input.item,
    at,
    by: input.by,
    cause: input.cause,
    countermeasures: input.countermeasures,
    ...(hasCustomer ? { customer: { cause: input.customerCause, countermeasures: customerCountermeasures } } : {}),
  });
  if (!parsed.success) throw new RequestRefusedError(`delay note: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  const note = parsed.data;
  const state = await deps.delays.getDelayState(input.item);
  const short = Object.entries(state?.state.lines ?? {})
    .filter(([, r]) => r.active)
    .map(([key]) => key.split('/').map(decodeURIComponent) as [string, string, string]);
  await deps.notes.putDelayNote(note);
  await deps.itemHistory.recordItemEvent({
    item: note.item,
    at,
    kind: 'delay-note',
    id: `delay-note/${note.item}/${at}`,
    actor: `planner:${note.by}`,
    summary: `root cause: ${note.cause}; countermeasure: ${note.countermeasures.join('; ')}${note.customer ? '' : ' (no customer text: notices say the neutral text)'}`,
    refs: short.map(([partnerId, purchaseOrderNumber, lineNumber]) => ({ partnerId, purchaseOrderNumber, lineNumber })),
    details: { internal: { cause: note.cause, countermeasures: note.countermeasures }, ...(note.customer ? { customer: note.customer } : {}) },
  });
  return { note, linesShort: short.map(([p, po, l]) => `${p} PO ${po} line ${l}`) };
}
