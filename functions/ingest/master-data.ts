/**
 * Master data through the inbound bucket: objects under `master/` (partner profiles, item master)
 * and `supply/` (supply plans) go to the master-data loader, not to the X12 reader. The same
 * loader serves `edi load FILE`.
 */
import { readFile } from 'node:fs/promises';
import type { InboundFiles } from '#functions/ports/archive.ts';
import { isMasterDataKey, loadMasterData, type MasterDataLoaderDeps, type MasterDataLoadResult } from '#functions/planning/master-data-loader.ts';
import type { InboundObject } from '#schemas/messages/inbound-event.ts';

export { isMasterDataKey };

/**
 * The loader's live dependencies, built per load from the current configuration (a load is rare;
 * rebuilding keeps an in-process stack that was restarted from talking to the old one).
 */
export async function liveMasterDataDeps(): Promise<MasterDataLoaderDeps> {
  {
    const { livePlanningService } = await import('#functions/shared/live-deps.ts');
    const { loadConfig } = await import('#functions/shared/config.ts');
    const { awsClients } = await import('#functions/shared/aws-clients.ts');
    const { DynamoPlanningStore } = await import('#functions/adapters/dynamo-planning-store.ts');
    const { DynamoPartnerDirectory } = await import('#functions/adapters/dynamo-partner-directory.ts');
    const { SqsStageQueue } = await import('#functions/adapters/sqs-stage-queue.ts');
    const { systemClock } = await import('#functions/adapters/system-clock.ts');
    const c = loadConfig(['tableName', 'mailQueueUrl']);
    const aws = awsClients();
    const partners = new DynamoPartnerDirectory(aws.dynamo, c.tableName);
    return {
      store: new DynamoPlanningStore(aws.dynamo, c.tableName),
      putPartner: (p) => partners.put(p),
      notify: new SqsStageQueue(aws.sqs, c.mailQueueUrl),
      clock: systemClock,
      planning: livePlanningService(),
    };
  }
}

/**
 * Loads a master-data object of the inbound bucket; returns undefined when the key is not
 * master data (the caller reads it as X12). A refused file is a result, not an exception:
 * it is recorded and alerted, and the message is done.
 */
export async function routeMasterData(object: InboundObject, inbound: InboundFiles, deps?: MasterDataLoaderDeps): Promise<MasterDataLoadResult | undefined> {
  if (!isMasterDataKey(object.key)) return undefined;
  const file = await inbound.spool(object.bucket, object.key);
  try {
    const text = await readFile(file.path, 'utf8');
    return await loadMasterData({ file: object.key, text }, deps ?? (await liveMasterDataDeps()));
  } finally {
    await file.dispose();
  }
}
