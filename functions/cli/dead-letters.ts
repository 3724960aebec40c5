/**
 * `edi dlq [STAGE]` lists what each stage's dead-letter queue holds, with every message's cause;
 * `edi redrive STAGE [--max N]` replays a stage's DLQ once its cause is fixed (README
 * "Guarantees": a replay repeats nothing already done — every consumer is idempotent on the
 * message's key). The ingest DLQ may also hold document sets the documents queue refused; they
 * go back to the documents queue, the S3 notifications to the inbound queue.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { sha256Hex } from '#domain/orders/sha256.ts';
import { peekDeadLetters, redriveDeadLetters, type RedriveTarget } from '#functions/adapters/sqs-stage-queue.ts';
import { deadLetterQueueUrlEnv, queueUrlEnv, STAGES, type Stage } from '#infra/topology.ts';
import { documentCauseId, documentGroupId, DocumentMessageZ } from '#schemas/messages/document-message.ts';
import { connect } from './connect.ts';
import { escapeForTerminal } from './start/terminal-text.ts';
import { parseArgs, UsageError, type CliIo } from './io.ts';

type StageName = Stage['name'];
const STAGE_NAMES = STAGES.map((s) => s.name);

function stageOf(name: string | undefined): StageName {
  const stage = STAGE_NAMES.find((s) => s === name);
  if (!stage) throw new UsageError(`name a stage: ${STAGE_NAMES.join(', ')}`);
  return stage;
}

function urlOf(env: NodeJS.ProcessEnv, variable: string): string {
  const url = env[variable];
  if (!url) throw new UsageError(`${variable} is not set (start the local stack, or set the queue URLs for AWS)`);
  return url;
}

/** Where a message of `stage`'s DLQ goes back to. */
export function redriveTargetOf(stage: StageName, env: NodeJS.ProcessEnv): (body: string, messageId: string) => RedriveTarget | string {
  const documents = (body: string, messageId: string): RedriveTarget | string => {
    let parsed;
    try {
      parsed = DocumentMessageZ.safeParse(JSON.parse(body));
    } catch {
      return 'not JSON';
    }
    if (!parsed.success) return 'not a document message';
    return { queueUrl: urlOf(env, queueUrlEnv('process')), groupId: documentGroupId(parsed.data), deduplicationId: sha256Hex(`${documentCauseId(parsed.data)}#redrive#${messageId}`) };
  };
  if (stage === 'process') return documents;
  if (stage === 'ingest') {
    return (body, messageId) => (body.includes('"Records"') || body.includes('"Event"') ? { queueUrl: urlOf(env, queueUrlEnv('ingest')) } : documents(body, messageId));
  }
  return () => ({ queueUrl: urlOf(env, queueUrlEnv(stage)) });
}

export async function runDeadLetters(argv: string[], io: CliIo): Promise<number> {
  const { positionals, flags, options } = parseArgs(argv, { flags: ['json'], options: ['local'] });
  const live = await connect(options.get('local')?.[0]);
  const env = live.env ?? process.env;
  const stages = positionals.length ? positionals.map(stageOf) : STAGE_NAMES;
  const sqs = new SQSClient({});
  try {
    const out: Record<string, { cause: string; body: string }[]> = {};
    for (const stage of stages) out[stage] = await peekDeadLetters(sqs, urlOf(env, deadLetterQueueUrlEnv(stage)));
    if (flags.has('json')) io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    else {
      for (const [stage, samples] of Object.entries(out)) {
        io.stdout.write(`${stage}: ${samples.length ? `${samples.length}${samples.length === 10 ? '+' : ''} message(s)` : 'empty'}\n`);
        for (const s of samples) io.stdout.write(`  cause: ${escapeForTerminal(s.cause)}\n    body: ${escapeForTerminal(s.body)}\n`);
      }
    }
    return Object.values(out).some((s) => s.length) ? 1 : 0;
  } finally {
    sqs.destroy();
  }
}

export async function runRedrive(argv: string[], io: CliIo): Promise<number> {
  const { positionals, options } = parseArgs(argv, { options: ['local', 'max'] });
  if (positionals.length !== 1) throw new UsageError('usage: edi redrive STAGE [--max N]');
  const stage = stageOf(positionals[0]);
  const maxText = options.get('max')?.[0];
  const max = maxText === undefined ? undefined : Number(maxText);
  if (max !== undefined && !(Number.isInteger(max) && max > 0)) throw new UsageError('--max takes a positive whole number');
  const live = await connect(options.get('local')?.[0]);
  const env = live.env ?? process.env;
  const sqs = new SQSClient({});
  try {
    const report = await redriveDeadLetters(sqs, urlOf(env, deadLetterQueueUrlEnv(stage)), redriveTargetOf(stage, env), max === undefined ? {} : { max });
    io.stdout.write(`${stage}: ${report.redriven} message(s) replayed${report.kept.length ? `, ${report.kept.length} kept in the DLQ` : ''}\n`);
    for (const k of report.kept) io.stdout.write(`  kept ${k.messageId}: ${k.why}\n`);
    return report.kept.length ? 1 : 0;
  } finally {
    sqs.destroy();
  }
}
