import { PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { PartnerDirectory } from '#functions/ports/partner-directory.ts';
import { PartnerProfileZ, type PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { fromItem, getItem, partnerPk, toItem } from './dynamo-table.ts';

/**
 * Partner profiles stored in the table (`PARTNER#<id>`, `PROFILE`), cached per Lambda
 * container for `cacheSeconds` so a batch costs one read per partner at most.
 */
export class DynamoPartnerDirectory implements PartnerDirectory {
  private readonly cache = new Map<string, { at: number; profile: PartnerProfile | undefined }>();

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly cacheSeconds = 60,
    private readonly now: () => number = Date.now,
  ) {}

  async get(id: string): Promise<PartnerProfile | undefined> {
    const hit = this.cache.get(id);
    if (hit && this.now() - hit.at < this.cacheSeconds * 1000) return hit.profile;
    const profile = fromItem(PartnerProfileZ, await getItem(this.client, this.table, partnerPk(id), 'PROFILE', false));
    this.cache.set(id, { at: this.now(), profile });
    return profile;
  }

  /** Stores a profile (master-data loading, tests, the local stack's seed). */
  async put(profile: PartnerProfile): Promise<void> {
    const parsed = PartnerProfileZ.parse(profile);
    await this.client.send(new PutItemCommand({ TableName: this.table, Item: toItem({ pk: partnerPk(parsed.id), sk: 'PROFILE' }, 'partner', parsed) }));
    this.cache.delete(parsed.id);
  }
}
