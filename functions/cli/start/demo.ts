/**
 * The demo after the sample files, on the stack's simulated clock: the P3 digest for the demo
 * day, then the timeline in 4-hour steps (the P1 escalation interval), one line each with what
 * fired at that simulated time and the emails that followed; last, what the planner does at the
 * end of the day (a delay note on the short item, the supplier's date for the P1 line), and the
 * warehouse's shipments file for BOLT's clean order, which sends the 856 and the 810.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { liveDeskDeps } from '#functions/composition/live-deps.ts';
import { addDays } from '#domain/planning/index.ts';
import { proposeWeekAllocation } from '#functions/use-cases/allocate-supply.ts';
import { confirmExpedite } from '#functions/use-cases/confirm-expedite.ts';
import { recordDelayNote } from '#functions/use-cases/record-delay-note.ts';
import { sendDigest } from '#functions/use-cases/send-digest.ts';
import { runDemoTimeline, type DemoDay } from '#infra/local/demo-clock.ts';
import type { LocalEmail } from '#infra/local/emulators.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import { ENV } from '#infra/topology.ts';
import { OrderStepEventZ } from '#schemas/messages/order-step-event.ts';
import { DRAIN_TIMEOUT_MS } from './ingest-file.ts';
import { subjectPrefix } from './summary.ts';

/** Simulated hours after the files: the P1 escalation steps (every 4 h: manager, director, VP) fall in them. */
export const DEMO_TIMELINE_HOURS = 12;
const DEMO_STEP_HOURS = 4;

export interface DemoIo {
  stdout: { write(text: string): unknown };
}

/** `Mon 08:00` on the desk's wall clock. */
export function wallClock(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('hour')}:${get('minute')}`;
}

/** `2026-11-23 08:00` on the desk's wall clock. */
export function wallDateTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** A clock offset as `+2 d 6 h 37 min` (`-…` into the past). */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  return `${sign}${days ? `${days} d ` : ''}${days || hours ? `${hours} h ` : ''}${minutes} min`;
}

/** Emails by kind (subject prefix), e.g. `[HOLD] 11, [P1 LINE DOWN] 4`. */
export function emailKinds(emails: readonly Pick<LocalEmail, 'subject'>[]): string {
  const counts = new Map<string, number>();
  for (const email of emails) counts.set(subjectPrefix(email.subject), (counts.get(subjectPrefix(email.subject)) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ');
}

/** Emails the SES emulator received since the last call, oldest first. */
export function newEmails(stack: LocalStack): () => Promise<LocalEmail[]> {
  let seen = 0;
  return async () => {
    const all = await stack.sentEmails();
    const fresh = all.slice(seen);
    seen = all.length;
    return fresh;
  };
}

export function describeEmails(emails: readonly LocalEmail[]): string {
  return emails.length ? `${emails.length} email(s): ${emailKinds(emails)}` : 'no email';
}

/**
 * The demo after the files: the P3 digest for the demo day, then the timeline in steps, one line
 * each with what fired at that simulated time and the emails that followed.
 */
export async function runDemo(stack: LocalStack, day: DemoDay, since: () => Promise<LocalEmail[]>, io: DemoIo): Promise<void> {
  const at = (): string => wallClock(stack.clock.now(), day.timeZone);
  const digest = await sendDigest(liveDeskDeps({ clock: stack.clock }), day.today);
  await stack.drain({ timeoutMs: DRAIN_TIMEOUT_MS });
  io.stdout.write(`  ${at()}  P3 planner digest for ${day.today} (on AWS: the 07:00 Mon–Fri schedule): ${digest.entries} item(s) short of plan for ${digest.planners} planner(s) → ${describeEmails(await since())}\n`);
  await runDemoTimeline(stack, {
    hours: DEMO_TIMELINE_HOURS,
    stepHours: DEMO_STEP_HOURS,
    onStep: async (now, fired) => {
      io.stdout.write(`  ${wallClock(now, day.timeZone)}  clock +${DEMO_STEP_HOURS} h: ${fired} escalation timer(s) fell due → ${describeEmails(await since())}\n`);
    },
  });
  await planner(stack, day, since, io);
  await allocation(stack, day, io);
  await warehouse(stack, day, since, io);
}

/**
 * The planner reads the allocation of KPC-3310's first short week (`edi allocate`, which the P2
 * alert names): its booked lines ranked by tier, partner class and value, and what each would
 * get. The demo shows the proposal and leaves its confirmation to the planner.
 */
async function allocation(stack: LocalStack, day: DemoDay, io: DemoIo): Promise<void> {
  const deps = liveDeskDeps({ clock: stack.clock });
  for (let week = 0; week < 8; week++) {
    const proposal = await proposeWeekAllocation(deps, DEMO_P1.item, addDays(day.today, 7 * week)).catch(() => undefined);
    if (!proposal || proposal.short === 0 || proposal.lines.length === 0) continue;
    const ranked = proposal.lines.map((l) => `${l.rank}. ${l.partnerId}${l.priorityClass ? ` ${l.priorityClass}` : ''} PO ${l.purchaseOrderNumber} line ${l.lineNumber} ${l.quantity}: ${l.decision ?? l.outcome}`).join('; ');
    io.stdout.write(
      `  ${wallClock(stack.clock.now(), day.timeZone)}  planner: edi allocate --item ${proposal.item} --week ${proposal.weekStart} → ${proposal.available} available for ${proposal.booked} booked: ${ranked} (proposal ${proposal.id}, left to confirm)\n`,
    );
    return;
  }
}

/** BOLT's clean 850 (samples/README.md), shipped whole the evening it came: BOLT's profile takes 810s. */
const DEMO_SHIPMENT = { partner: 'BOLT', purchaseOrderNumber: 'P221870', key: 'shipments/2026-11-23-wave1.csv' };

/**
 * The warehouse at the end of the day, as a WMS drops its file (README, "Shipments from a WMS or
 * ERP"): BOLT's clean order shipped whole, so the 856 and — BOLT takes invoices — the 810 go out,
 * and the order moves shipped → invoiced on the event bus.
 */
async function warehouse(stack: LocalStack, day: DemoDay, since: () => Promise<LocalEmail[]>, io: DemoIo): Promise<void> {
  const { partner, purchaseOrderNumber, key } = DEMO_SHIPMENT;
  const written = async (kind: string) => ((await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.env[ENV.outboundBucket]!, Prefix: `${partner}/${kind}/` }))).Contents ?? []).length;
  const before = { '856': await written('856'), '810': await written('810') };
  const rows = [
    'partner,po,shipment_id,line,quantity,carrier,tracking,ship_date,packs',
    ...[['1', '80'], ['2', '400'], ['3', '20']].map(([line, quantity]) => `${partner},${purchaseOrderNumber},WMS-B1,${line},${quantity},UPSN,1Z999AA10123456784,${day.today},2`),
  ];
  await stack.putInbound(key, `${rows.join('\n')}\n`);
  await stack.drain({ timeoutMs: DRAIN_TIMEOUT_MS });
  const sent = [(await written('856')) - before['856'] ? '856' : '', (await written('810')) - before['810'] ? '810' : ''].filter(Boolean);
  const steps = stack.bus
    .events()
    .map((e) => OrderStepEventZ.safeParse(e.detail))
    .flatMap((e) => (e.success && e.data.partner === partner && e.data.purchaseOrderNumber === purchaseOrderNumber ? [e.data.step] : []));
  io.stdout.write(
    `  ${wallClock(stack.clock.now(), day.timeZone)}  warehouse: ${key} ships ${partner} PO ${purchaseOrderNumber} whole → ${sent.length ? `${sent.join(' and ')} to ${partner}` : 'no document'}; order ${steps.join(' → ') || 'not moved'} (order events on the bus) → ${describeEmails(await since())}\n`,
  );
}

/** The samples' P1 line (samples/README.md: ACME's line-down rush on KPC-3310, delivery 2026-11-25). */
const DEMO_P1 = { partner: 'ACME', purchaseOrderNumber: '4500098803', lineNumber: '1', item: 'KPC-3310', date: '2026-11-24' };

/**
 * The planner at the end of the demo day, as `edi delay note` and `edi confirm` would: the root
 * cause and countermeasures of KPC-3310's shortage (internal, and written for the customer) on
 * the item's history; then the supplier's ship date for the P1 line, which stands down everyone
 * the P1 reached and sends the replacing 855 with that date.
 */
async function planner(stack: LocalStack, day: DemoDay, since: () => Promise<LocalEmail[]>, io: DemoIo): Promise<void> {
  const deps = liveDeskDeps({ clock: stack.clock });
  const by = 'Marcus Oyelaran';
  await recordDelayNote(deps, {
    item: DEMO_P1.item,
    cause: 'MPS for week 3 slipped to week 5: press line 4 die repair',
    countermeasures: ['Saturday shift on press line 2 for week 3', 'partial shipment of what is on hand'],
    customerCause: 'A production delay on the stamping line for this part',
    customerCountermeasures: ['an added Saturday shift', 'a partial shipment from stock if you wish'],
    by,
  });
  await confirmExpedite(deps, { ...DEMO_P1, by, reason: 'supplier Karin Vogt ships the brackets overnight; arrives with the Tuesday truck' });
  await stack.drain({ timeoutMs: DRAIN_TIMEOUT_MS });
  io.stdout.write(
    `  ${wallClock(stack.clock.now(), day.timeZone)}  planner: delay note on ${DEMO_P1.item} (edi delay note), P1 ${DEMO_P1.partner} PO ${DEMO_P1.purchaseOrderNumber} line ${DEMO_P1.lineNumber} confirmed for ${DEMO_P1.date} (edi confirm) → ${describeEmails(await since())}\n`,
  );
}

