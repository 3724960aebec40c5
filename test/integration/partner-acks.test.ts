/**
 * Partners' acknowledgments of our documents end to end on the local emulators (README,
 * "Partners' acknowledgments"): ACME's 850, our 855 and (after `edi ship`) our 856 go out and are
 * tracked; ACME's 997 rejecting the 856 arrives through the inbound bucket → the 856 is rejected,
 * one [ACK REJECTED] email to operations, the state on `edi history` (text and JSON); the 855's
 * acknowledgment never comes → one [ACK OVERDUE] alert once ACME's ackDueHours (24) pass on the
 * scheduler emulator's clock, and only one however far the clock goes or the timer is re-sent.
 * And the other way: BOLT's 850 breaking BOLT's inbound guide gets the 997 BOLT's profile asks
 * for — with `inboundGuideFindings: reject`, AK5 R with the guide's AK3/AK4, and no order.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoOrderStore } from '#functions/adapters/dynamo-order-store.ts';
import { DynamoPartnerDirectory } from '#functions/adapters/dynamo-partner-directory.ts';
import { DynamoSentDocuments } from '#functions/adapters/dynamo-sent-documents.ts';
import { runHistory } from '#functions/cli/history.ts';
import { runShip } from '#functions/cli/planning-commands.ts';
import { liveAuditDeps } from '#functions/composition/live-deps.ts';
import { firstBrokenLink, verifyOrder } from '#functions/use-cases/verify-order.ts';
import { ENV } from '#infra/topology.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import type { SentDocument } from '#schemas/records/sent-document.ts';
import { captureIo } from '../support/cli-io.ts';
import { readSample } from '../support/samples-dir.ts';
import { startSampleStack, stopSampleStack, type SampleStack } from '../support/sample-stack.ts';

const HOUR = 3_600_000;
const PO = '4500098801';
let stack: LocalStack;
let started: SampleStack | undefined;

const sent = () => new DynamoSentDocuments(stack.clients.dynamodb, stack.env[ENV.tableName]!);
const ours = async (kind: string): Promise<SentDocument> => {
  const found = (await sent().list('ACME')).filter((d) => d.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
};
const emails = async (prefix: string) => (await stack.sentEmails()).filter((e) => e.subject.startsWith(prefix));

/** ACME's 997 for our 856: TD1 (segment 4) missing its TD107 weight → AK5 R, AK9 R. */
function rejecting997(document: SentDocument): string {
  const body = [`AK1*SH*${document.groupControlNumber}`, `AK2*856*${document.setControlNumber.padStart(4, '0')}`, 'AK3*TD1*4**8', 'AK4*7*81*1', 'AK5*R*5', 'AK9*R*1*1*0'];
  return [
    'ISA*00*          *00*          *ZZ*ACMEAUTOTIER1  *ZZ*KEYSTONEPC     *261124*0900*U*00401*000004301*0*P*>',
    'GS*FA*ACMEAUTO*KEYSTONEPC*20261124*0900*4301*X*004010',
    'ST*997*0001',
    ...body,
    `SE*${body.length + 2}*0001`,
    'GE*1*4301',
    'IEA*1*000004301',
    '',
  ].join('~\n');
}

async function history(json: boolean): Promise<string> {
  const file = join(started!.dataDir, 'endpoints.json');
  await writeFile(file, JSON.stringify({ env: stack.env }));
  const cli = captureIo();
  expect(await runHistory(['--partner', 'ACME', '--po', PO, '--local', file, ...(json ? ['--json'] : [])], cli.io, { ...process.env })).toBe(0);
  return cli.out();
}

beforeAll(async () => {
  started = await startSampleStack('acks');
  stack = started.stack;
  await stack.putInbound('ACME/in/01-830.edi', await readSample('inbound/ACME/01-830-forecast-ACME-FC-2648.edi'));
  await stack.drain();
  await stack.putInbound('ACME/in/02-850.edi', await readSample('inbound/ACME/02-850-4500098801-clean.edi'));
  await stack.drain();
  const ship = captureIo();
  const args = ['--partner', 'ACME', '--po', PO, '--line', '1=3', '--carrier', 'ODFL', '--tracking', 'PRO-7741', '--ship-date', '2026-11-23', '--by', 'Dock Team'];
  expect(await runShip(args, ship.io), ship.err()).toBe(0);
  await stack.drain();
}, 120_000);

afterAll(async () => {
  await stopSampleStack(started);
});

describe("partners' acknowledgments on the local stack", () => {
  it("ACME's 997 rejecting our 856: rejected, one [ACK REJECTED] email, the state on the order's history", async () => {
    const notice = await ours('856');
    expect(notice.state).toBe('sent');
    await stack.putInbound('ACME/in/997-4301.edi', rejecting997(notice));
    await stack.drain();
    // the same file again (a partner re-send): nothing twice
    await stack.putInbound('ACME/in/997-4301-again.edi', rejecting997(notice));
    await stack.drain();

    const after = await ours('856');
    expect(after).toMatchObject({ state: 'rejected', acknowledgment: { kind: '997', interchangeControlNumber: '000004301' } });
    expect(after.acknowledgment?.findings[0]).toContain('TD107 (element 81): a mandatory element is missing');
    const alerts = await emails('[ACK REJECTED]');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.destination.to).toEqual([stack.env[ENV.operationsEmail]!]);
    expect(alerts[0]!.body.text).toContain(notice.idempotencyKey);
    expect(alerts[0]!.body.text).toContain('a mandatory element is missing');

    const text = await history(false);
    expect(text).toMatch(/856 sent: ISA13 \d{9}, GS06 \d+, ST02 \d{4} — partner ack: rejected by the partner's 997 of /);
    expect(text).toContain(`856 ${notice.idempotencyKey}: partner ack: rejected`);
    const view = JSON.parse(await history(true)) as { acknowledgments: { kind: string; state: string }[] };
    expect(view.acknowledgments.map((a) => [a.kind, a.state]).sort()).toEqual([['855', 'sent'], ['856', 'rejected']]);
  });

  it("verify re-hashes ACME's archived 997 against the SHA-256 the partner-ack record names: an edit of the file is caught", async () => {
    const deps = liveAuditDeps({ env: stack.env });
    const rejected = await ours('856');
    const key = rejected.acknowledgment!.archiveKey!;
    expect(rejected.acknowledgment!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await verifyOrder(deps, 'ACME', PO)).findings).toEqual([]);

    const bucket = stack.env[ENV.archiveBucket]!;
    const original = await (await stack.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
    // the partner's rejection turned into an acceptance, after the fact
    await stack.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: original.replace('AK5*R*5', 'AK5*A').replace('AK9*R*1*1*0', 'AK9*A*1*1*1') }));
    try {
      const verdict = await verifyOrder(deps, 'ACME', PO);
      expect(verdict.valid).toBe(false);
      expect(firstBrokenLink(verdict.findings)).toMatch(new RegExp(`^archive ${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the partner-ack record ${rejected.idempotencyKey} \\(ACME's 997 in ISA13 000004301, which made it rejected\\) names SHA-256 ${rejected.acknowledgment!.sha256}`));
    } finally {
      await stack.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: original }));
    }
    expect((await verifyOrder(deps, 'ACME', PO)).findings).toEqual([]);
  });

  it('the 855 never acknowledged: exactly one [ACK OVERDUE] alert once ackDueHours pass on the simulated clock', async () => {
    const ack = await ours('855');
    const timer = stack.scheduler.schedules().find((s) => s.name.startsWith('ack-') && s.target.input.includes(ack.idempotencyKey));
    expect(timer).toBeDefined();
    const hoursLeft = Math.ceil((new Date(ack.dueAt).getTime() - stack.clock.now().getTime()) / HOUR);
    expect(hoursLeft).toBeGreaterThan(1);
    await stack.advanceClock((hoursLeft - 1) * HOUR);
    await stack.drain();
    expect(await emails('[ACK OVERDUE]')).toHaveLength(0);
    expect((await ours('855')).state).toBe('sent');

    await stack.advanceClock(2 * HOUR);
    await stack.drain();
    expect((await ours('855')).state).toBe('overdue');
    const alerts = await emails('[ACK OVERDUE]');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.subject).toContain('855');
    // the 856 was answered (rejected): not overdue
    expect((await ours('856')).state).toBe('rejected');

    // the timer delivered again, and a day more on the clock: still one
    const queue = Object.values(stack.resources.queues).find((q) => q.arn === timer!.target.arn)!;
    await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: timer!.target.input }));
    await stack.advanceClock(24 * HOUR);
    await stack.drain();
    expect(await emails('[ACK OVERDUE]')).toHaveLength(1);
    expect((await history(false))).toContain(`855 ${ack.idempotencyKey}: partner ack: overdue`);
  });
});

describe("a partner's 850 against its inbound guide on the local stack", () => {
  it("BOLT's profile says reject: its 850 with a unit the guide does not allow gets a 997 rejecting it, and is not processed", async () => {
    // BOLT's inbound files have not been read yet, so its profile is read fresh by ingest.
    const directory = new DynamoPartnerDirectory(stack.clients.dynamodb, stack.env[ENV.tableName]!);
    const bolt = (await directory.get('BOLT'))!;
    expect(bolt.guides.inbound['850']).toBe('retail-distribution-4010');
    await directory.put({ ...bolt, inboundGuideFindings: 'reject' });
    const clean = await readSample('inbound/BOLT/02-850-P221870-clean.edi');
    // DZ is an X12 unit (element 355), but not one of the retail guide's PO103 units.
    const breaking = clean.replace('PO1*2*400*EA*', 'PO1*2*400*DZ*');
    expect(breaking).not.toBe(clean);
    await stack.putInbound('BOLT/in/02-850-dz.edi', breaking);
    await stack.drain();

    const out = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: stack.env[ENV.outboundBucket]!, Prefix: 'BOLT/997/' }));
    const bodies = await Promise.all((out.Contents ?? []).map(async (o) => (await stack.clients.s3.send(new GetObjectCommand({ Bucket: stack.env[ENV.outboundBucket]!, Key: o.Key! }))).Body!.transformToString()));
    const ack = bodies.find((b) => b.includes('AK1*PO*70332'));
    expect(ack).toBeDefined();
    expect(ack).toMatch(/AK3\*PO1\*\d+\*\*8/);
    expect(ack).toContain('AK4*3*355*7*DZ');
    expect(ack).toContain('AK5*R*5');
    expect(ack).toContain('AK9*R*1*1*0');
    expect(await new DynamoOrderStore(stack.clients.dynamodb, stack.env[ENV.tableName]!).get('BOLT', 'P221870')).toBeUndefined();
  });
});
