/**
 * Hold-SLA escalation end to end on the local emulators, under the controlled clock: a held line
 * escalates along its item's chain from the item master (holdSlaHours 4 from ACME's profile) once
 * the SLA passes, read back
 * from the SES emulator, once even when the timer fires twice; a decision stops the rest.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOrderStore } from '#functions/adapters/dynamo-order-store.ts';
import { DynamoTimeline } from '#functions/adapters/dynamo-timeline.ts';
import { runDecide } from '#functions/cli/planning-commands.ts';
import { ENV } from '#infra/topology.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import { readSample } from '../support/samples-dir.ts';
import { startSampleStack, stopSampleStack, type SampleStack } from '../support/sample-stack.ts';

const HOUR = 3_600_000;
let stack: LocalStack;
let started: SampleStack | undefined;

const sample = readSample;
const orders = () => new DynamoOrderStore(stack.clients.dynamodb, stack.env[ENV.tableName]!);
const quiet = { stdout: { write: () => true }, stderr: { write: () => true } } as never;
const overdue = async () => (await stack.sentEmails()).filter((e) => e.subject.startsWith('[HOLD OVERDUE'));
const holdSchedules = () => stack.scheduler.schedules().filter((s) => s.name.startsWith('hold-'));

async function advance(hours: number): Promise<void> {
  await stack.advanceClock(hours * HOUR);
  await stack.drain();
}

beforeAll(async () => {
  // partners and items through the inbound bucket's master/ prefix, the supply plan by `edi load`
  started = await startSampleStack('hold');
  stack = started.stack;
  await stack.putInbound('ACME/in/01-830.edi', await sample('inbound/ACME/01-830-forecast-ACME-FC-2648.edi'));
  await stack.drain();
}, 120_000);

afterAll(async () => {
  await stopSampleStack(started);
});

describe('hold SLA escalation', () => {
  it('held line → nothing before the SLA → the manager after 4 h, once → a decision → nothing more', async () => {
    await stack.putInbound('ACME/in/03-850.edi', await sample('inbound/ACME/03-850-4500098802-decimal-shift.edi'));
    await stack.drain();
    const held = await orders().get('ACME', '4500098802');
    expect(held?.planning?.lineStates.find((l) => l.lineNumber === '1')).toMatchObject({ status: 'held', escalationsSent: 0 });
    // one timer per step of KPC-3400's chain: its owner is its planner (told at the hold), so manager, director, vp
    expect(holdSchedules().map((s) => s.name.split('-').at(-1)).sort()).toEqual(['1', '2', '3']);
    const firstStep = holdSchedules().find((s) => s.name.endsWith('-1'))!;

    await advance(3);
    expect(await overdue()).toHaveLength(0);

    await advance(1);
    // each address gets its own copy: the manager, and the planner who was asked first
    const copies = await overdue();
    expect(copies.map((e) => e.destination.to[0]).sort()).toEqual(['daniel.achebe@example.com', 'marcus.oyelaran@example.com']);
    const mail = copies.find((e) => e.destination.to[0] === 'daniel.achebe@example.com');
    expect(mail?.subject).toBe('[HOLD OVERDUE 4h] ACME PO 4500098802 line 1 — escalated to manager');
    expect(mail?.body.text).toContain("edi decide --partner ACME --po 4500098802 --line 1 approve --by 'YOUR NAME' --reason 'WHY'");
    expect(mail?.body.text).toContain('decimal shift');
    const after = await orders().get('ACME', '4500098802');
    expect(after?.planning?.lineStates.find((l) => l.lineNumber === '1')?.escalationsSent).toBe(1);
    const timeline = await new DynamoTimeline(stack.clients.dynamodb, stack.env[ENV.tableName]!).order('ACME', '4500098802');
    expect(timeline.events.map((e) => e.type)).toEqual(['order.created', 'line.hold-escalated']);

    // the same timer delivered again: nothing twice
    await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl: stack.resources.queues.timers.url, MessageBody: firstStep.target.input }));
    await stack.drain();
    expect(await overdue()).toHaveLength(2);
    // It reached the timers stage, which found the step recorded (no DLQ).
    expect(await stack.dlqDepths()).toMatchObject({ mail: 0, timers: 0 });

    expect(await runDecide(['--partner', 'ACME', '--po', '4500098802', '--line', '1', 'quantity=120', '--by', 'Marcus Oyelaran', '--reason', 'decimal slip'], quiet)).toBe(0);
    await stack.drain();
    expect(holdSchedules()).toHaveLength(0);
    await advance(12);
    expect(await overdue()).toHaveLength(2);
    expect((await orders().get('ACME', '4500098802'))?.order.status).toBe('open');
  });

  it('a timer that fires after the decision sends nothing (the check is a no-op)', async () => {
    await stack.putInbound('ACME/in/03-850-again.edi', (await sample('inbound/ACME/03-850-4500098802-decimal-shift.edi')).replaceAll('4500098802', '4500098812').replaceAll('000004103', '000004112'));
    await stack.drain();
    const held = await orders().get('ACME', '4500098812');
    expect(held?.order.status).toBe('held');
    // Off-forecast is on consumed forecast: 4500098802, open for the same items and weeks, took
    // their forecast, so this repeat holds every line it shares them on; each held line has one
    // timer per step of its item's chain (three each: the owners are the planners).
    const heldLines = held!.planning!.lineStates.filter((l) => l.status === 'held').map((l) => l.lineNumber);
    expect(heldLines.length).toBeGreaterThan(1);
    const timers = holdSchedules()
      .map((s) => s.target.input)
      .filter((input) => input.includes('4500098812'));
    expect(timers).toHaveLength(3 * heldLines.length);
    for (const line of heldLines) expect(await runDecide(['--partner', 'ACME', '--po', '4500098812', '--line', line, 'approve', '--by', 'Marcus Oyelaran', '--reason', 'ok'], quiet)).toBe(0);
    await stack.drain();
    for (const input of timers) await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl: stack.resources.queues.timers.url, MessageBody: input }));
    await stack.drain();
    expect((await overdue()).filter((e) => e.subject.includes('4500098812'))).toHaveLength(0);
    expect(await stack.dlqDepths()).toMatchObject({ mail: 0, timers: 0 });
  });

  it("each held line escalates to its own item's manager, not the partner's: KPC-1120 to Grace Lindqvist, KPC-3400 to Daniel Achebe", async () => {
    await stack.putInbound('ACME/in/03-850-items.edi', (await sample('inbound/ACME/03-850-4500098802-decimal-shift.edi')).replaceAll('4500098802', '4500098822').replaceAll('000004103', '000004122'));
    await stack.drain();
    const held = await orders().get('ACME', '4500098822');
    const heldLines = held!.planning!.lineStates.filter((l) => l.status === 'held').map((l) => l.lineNumber);
    expect(heldLines).toEqual(['1', '2']);
    await advance(4);
    const mine = (await overdue()).filter((e) => e.subject.includes('4500098822'));
    const to = (line: string) => mine.filter((e) => e.subject.includes(`line ${line} `)).map((e) => e.destination.to[0]).sort();
    // ACME's own chain starts with Daniel Achebe; the fastener KPC-1120 is Grace Lindqvist's. In
    // copy: the item's planner and ACME's desk planner (Marcus Oyelaran).
    expect(to('1')).toEqual(['daniel.achebe@example.com', 'marcus.oyelaran@example.com']);
    expect(to('2')).toEqual(['grace.lindqvist@example.com', 'marcus.oyelaran@example.com', 'priya.natarajan@example.com']);
    const grace = mine.find((e) => e.destination.to[0] === 'grace.lindqvist@example.com');
    expect(grace?.body.text).toContain("step 1 of 3 of item KPC-1120's escalation chain (manager): manager Grace Lindqvist → director Sofia Marchetti → vp Robert Haldane");
    const timeline = await new DynamoTimeline(stack.clients.dynamodb, stack.env[ENV.tableName]!).order('ACME', '4500098822');
    expect(timeline.events.filter((e) => e.type === 'line.hold-escalated').map((e) => e.summary).sort()).toEqual([
      "line 1: held since " + held!.planning!.lineStates[0]!.heldSince + " without a decision; escalated to manager Daniel Achebe (step 1 of the item KPC-3400's chain)",
      "line 2: held since " + held!.planning!.lineStates[1]!.heldSince + " without a decision; escalated to manager Grace Lindqvist (step 1 of the item KPC-1120's chain)",
    ]);
  });
});
