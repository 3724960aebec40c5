/**
 * The bundled samples: partner profiles, master-data files and the inbound X12 files the demo
 * sends, and how `edi start` puts them into the running stack.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoPartnerDirectory } from '#functions/adapters/dynamo-partner-directory.ts';
import type { LocalStack } from '#infra/local/stack.ts';
import { ENV } from '#infra/topology.ts';
import { PartnerProfileZ, type PartnerProfile } from '#schemas/master-data/partner-profile.ts';

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Partner profiles of `master/partners.json` (`{ partners: [...] }` or an array). */
export function parsePartnersFile(text: string): PartnerProfile[] {
  const json = JSON.parse(text) as unknown;
  const list = Array.isArray(json) ? json : (json as { partners?: unknown }).partners;
  if (!Array.isArray(list)) throw new Error('partners.json: expected { "partners": [...] }');
  return list.map((p) => PartnerProfileZ.parse(p));
}

/** The sample inbound files, `<PARTNER>/<file>.edi`, partners and files in name order. */
export async function sampleInboundFiles(samplesDir: string): Promise<{ key: string; path: string }[]> {
  const inbound = join(samplesDir, 'inbound');
  if (!(await exists(inbound))) return [];
  const files: { key: string; path: string }[] = [];
  for (const partner of (await readdir(inbound, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const file of (await readdir(join(inbound, partner))).filter((f) => /\.(edi|x12|txt)$/i.test(f)).sort()) {
      files.push({ key: `${partner}/${file}`, path: join(inbound, partner, file) });
    }
  }
  return files;
}

/**
 * Loads the samples' master data into the stack. Partner profiles go straight into the table
 * (through the partner directory), so the inbound files are accepted whether or not the
 * pipeline loads master data from the inbound bucket; the `master/` and `supply/` files are put
 * into the inbound bucket, as on AWS, and the stack drains. Returns what it loaded.
 */
export async function seedMasterData(stack: LocalStack, samplesDir: string, drainTimeoutMs: number): Promise<{ profiles: PartnerProfile[]; files: string[] }> {
  const partnersFile = join(samplesDir, 'master', 'partners.json');
  const profiles = (await exists(partnersFile)) ? parsePartnersFile(await readFile(partnersFile, 'utf8')) : [];
  const directory = new DynamoPartnerDirectory(stack.clients.dynamodb, stack.env[ENV.tableName]!);
  for (const profile of profiles) await directory.put(profile);
  const files: string[] = [];
  for (const folder of ['master', 'supply']) {
    const dir = join(samplesDir, folder);
    if (!(await exists(dir))) continue;
    for (const file of (await readdir(dir)).sort()) files.push(`${folder}/${file}`);
  }
  // Supply plans are checked against the item master: load (and drain) `master/` before `supply/`,
  // never both at once, or a supply load may read an item master that is only partly written.
  for (const folder of ['master/', 'supply/']) {
    const batch = files.filter((f) => f.startsWith(folder));
    for (const key of batch) await stack.clients.s3.send(new PutObjectCommand({ Bucket: stack.resources.buckets.inbound, Key: key, Body: await readFile(join(samplesDir, key)) }));
    if (batch.length) await stack.drain({ timeoutMs: drainTimeoutMs });
  }
  return { profiles, files };
}
