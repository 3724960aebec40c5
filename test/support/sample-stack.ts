/**
 * The local stack as the planning integration tests need it: fresh storage in a temp folder, the
 * demo clock of samples/demo.json, the sample partners and items through the inbound bucket's
 * master/ prefix and the supply plan through `edi load`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { CLOCK_OFFSET_ENV } from '#functions/adapters/system-clock.ts';
import { runLoad } from '#functions/cli/planning-commands.ts';
import { setDemoClock } from '#infra/local/demo-clock.ts';
import { silentLogger } from '#infra/local/poller.ts';
import { startLocalStack, type LocalStack } from '#infra/local/stack.ts';
import { ENV } from '#infra/topology.ts';
import { captureIo } from './cli-io.ts';
import { readSample, SAMPLES } from './samples-dir.ts';

export interface SampleStack {
  stack: LocalStack;
  dataDir: string;
}

export async function startSampleStack(name: string): Promise<SampleStack> {
  process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  const dataDir = await mkdtemp(join(tmpdir(), `edi-${name}-`));
  const stack = await startLocalStack({ dataDir, fresh: true, visibilityScale: 0.005, logger: silentLogger });
  await setDemoClock(stack.clock);
  await stack.putInbound('master/partners.json', await readSample('master/partners.json'));
  await stack.putInbound('master/items.csv', await readSample('master/items.csv'));
  await stack.drain();
  const load = captureIo();
  if ((await runLoad([join(SAMPLES, 'supply/supply-plan.csv')], load.io)) !== 0) throw new Error(`edi load of the sample supply plan failed: ${load.err()}`);
  return { stack, dataDir };
}

/** Puts `inbound/<PARTNER>/<file>` from the samples into the inbound bucket as `<PARTNER>/in/<file>`. */
export async function putSample(stack: LocalStack, path: string): Promise<void> {
  const [partner] = path.split('/');
  await stack.putInbound(`${partner}/in/${path.split('/').at(-1)}`, await readSample(`inbound/${path}`));
}

export async function stopSampleStack(started: Partial<SampleStack> | undefined): Promise<void> {
  delete process.env[CLOCK_OFFSET_ENV];
  await started?.stack?.stop();
  if (started?.dataDir) await rm(started.dataDir, { recursive: true, force: true });
}

/** Every file in the outbound bucket whose X12 contains `needle`. */
export async function outboundContaining(stack: LocalStack, needle: string): Promise<string[]> {
  const bucket = stack.env[ENV.outboundBucket]!;
  const out = await stack.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket }));
  const hits: string[] = [];
  for (const o of out.Contents ?? []) {
    const body = await (await stack.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }))).Body!.transformToString();
    if (body.includes(needle)) hits.push(body);
  }
  return hits;
}
