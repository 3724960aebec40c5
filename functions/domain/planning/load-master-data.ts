/**
 * Master-data loading: JSON or CSV text → validated partner profiles, items or supply plans.
 *
 * Policy: a bad row is an error naming file, row and field, and nothing from that
 * file is applied — the result is either every record or only errors.
 *
 * - JSON: an array of records, or `{ "schemaVersion": 1, "<kind>": [ … ] }` with kind
 *   `partners`, `items` or `supplyPlans`. `row` is the 1-based index in that array.
 * - CSV (RFC 4180): a header row of field paths (`isa.qualifier`, `contacts.planner.email`,
 *   `buyerParts.ACME`, `contacts.expedite24x7.0.email`); a column whose path ends at a list of
 *   plain values takes them separated by `|` (`LD|LINEDOWN`). Empty cells are absent (defaults
 *   apply). Numbers and booleans (`true/false/yes/no/1/0`) are read as the schema says.
 *   `row` is the spreadsheet row: the header is row 1, the first record row 2.
 *   Supply plans in CSV have one row per item and week: `item,onHand,weekStart,mps,receipts`, and
 *   optionally `location`: rows giving `onHand` at different locations add up to the item's on hand.
 */
import type { z } from 'zod';
import { MASTER_DATA_SCHEMA_VERSION } from '#schemas/master-data/common.ts';
import { ItemZ, type Item } from '#schemas/master-data/item.ts';
import { PartnerProfileZ, type PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { DEFAULT_STOCK_LOCATION, SupplyPlanRowZ, SupplyPlanZ, type SupplyPlan, type SupplyPlanRow } from '#schemas/master-data/supply-plan.ts';
import { parseCsv } from './csv.ts';

/** One problem in a master-data file. `row` is 0 when the problem is the file as a whole. */
export interface MasterDataError {
  file: string;
  row: number;
  field: string;
  message: string;
}

export type LoadResult<T> = { ok: true; records: T[] } | { ok: false; errors: MasterDataError[] };

export type MasterDataFormat = 'json' | 'csv';

export interface MasterDataSource {
  /** File name as the user knows it; echoed in every error. */
  file: string;
  text: string;
  /** Defaults to the file's extension (`.csv` → csv, else json). */
  format?: MasterDataFormat;
}

type AnySchema = z.ZodType;

interface SchemaDef {
  type: string;
  innerType?: AnySchema;
  element?: AnySchema;
  shape?: Record<string, AnySchema>;
  valueType?: AnySchema;
  in?: AnySchema;
}

function defOf(schema: AnySchema): SchemaDef {
  return schema.def as SchemaDef;
}

/** Strip optional/default/nullable/pipe wrappers to the schema that shapes the value. */
function unwrap(schema: AnySchema): SchemaDef {
  let def = defOf(schema);
  for (;;) {
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'prefault' || def.type === 'nullable' || def.type === 'readonly') && def.innerType) def = defOf(def.innerType);
    else if (def.type === 'pipe' && def.in) def = defOf(def.in);
    else return def;
  }
}

function coerceLeaf(def: SchemaDef, raw: string): unknown {
  const value = raw.trim();
  if (def.type === 'number') {
    return value !== '' && Number.isFinite(Number(value)) ? Number(value) : raw;
  }
  if (def.type === 'boolean') {
    const lower = value.toLowerCase();
    if (['true', 'yes', 'y', '1'].includes(lower)) return true;
    if (['false', 'no', 'n', '0'].includes(lower)) return false;
    return raw;
  }
  if (def.type === 'literal') {
    return value !== '' && Number.isFinite(Number(value)) ? Number(value) : raw;
  }
  if (def.type === 'array' && def.element) {
    const element = unwrap(def.element);
    return value.split('|').map((part) => coerceLeaf(element, part));
  }
  return raw;
}

/** Place one CSV cell into the record at its dotted path, guided by the schema. Returns an error message or undefined. */
function placeCell(schema: AnySchema, target: Record<string, unknown>, path: string[], raw: string): string | undefined {
  let def = unwrap(schema);
  let container: Record<string, unknown> | unknown[] = target;
  for (let index = 0; index < path.length; index++) {
    const key = path[index] as string;
    let childSchema: AnySchema | undefined;
    let childKey: string | number;
    if (def.type === 'object' && def.shape) {
      childSchema = def.shape[key];
      if (!childSchema) return `unknown column: no field "${key}" here`;
      childKey = key;
    } else if (def.type === 'record' && def.valueType) {
      childSchema = def.valueType;
      childKey = key;
    } else if (def.type === 'array' && def.element) {
      if (!/^\d+$/.test(key)) return `"${key}" is not a list position`;
      childSchema = def.element;
      childKey = Number(key);
    } else {
      return `unknown column: "${key}" goes below a plain value`;
    }
    const childDef = unwrap(childSchema);
    const last = index === path.length - 1;
    const bag = container as Record<string | number, unknown>;
    if (last) {
      if (childDef.type === 'object' || childDef.type === 'record') return 'this column names a group of fields, not a value';
      bag[childKey] = coerceLeaf(childDef, raw);
      return undefined;
    }
    if (bag[childKey] === undefined) bag[childKey] = childDef.type === 'array' ? [] : {};
    container = bag[childKey] as Record<string, unknown> | unknown[];
    def = childDef;
  }
  return undefined;
}

function zodErrors(file: string, row: number, error: z.ZodError, prefix: (string | number)[] = []): MasterDataError[] {
  return error.issues.map((issue) => ({
    file,
    row,
    field: [...prefix, ...issue.path].map(String).join('.') || '(record)',
    message: issue.message,
  }));
}

interface RawRow {
  row: number;
  value: unknown;
}

function readJsonRows(file: string, text: string, key: string): RawRow[] | MasterDataError[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [{ file, row: 0, field: '(file)', message: `not valid JSON: ${(error as Error).message}` }];
  }
  let list: unknown = parsed;
  if (!Array.isArray(parsed)) {
    if (parsed === null || typeof parsed !== 'object') return [{ file, row: 0, field: '(file)', message: `expected an array or an object with "${key}"` }];
    const wrapper = parsed as Record<string, unknown>;
    if (wrapper['schemaVersion'] !== undefined && wrapper['schemaVersion'] !== MASTER_DATA_SCHEMA_VERSION) {
      return [{ file, row: 0, field: 'schemaVersion', message: `unsupported schemaVersion ${String(wrapper['schemaVersion'])}; expected ${MASTER_DATA_SCHEMA_VERSION}` }];
    }
    list = wrapper[key];
    if (!Array.isArray(list)) return [{ file, row: 0, field: key, message: `expected "${key}" to be an array` }];
  }
  return (list as unknown[]).map((value, index) => ({ row: index + 1, value }));
}

function readCsvRows(file: string, text: string, schema: AnySchema): RawRow[] | MasterDataError[] {
  const parsed = parseCsv(text);
  if (!parsed.ok) return [{ file, row: parsed.line, field: '(file)', message: `CSV: ${parsed.message}` }];
  const [header, ...body] = parsed.records;
  if (!header) return [];
  const columns = header.fields.map((name) => name.trim());
  const errors: MasterDataError[] = [];
  const seen = new Set<string>();
  columns.forEach((name) => {
    if (name === '') errors.push({ file, row: header.line, field: '(header)', message: 'empty column name' });
    else if (seen.has(name)) errors.push({ file, row: header.line, field: name, message: 'column appears twice' });
    seen.add(name);
  });
  if (errors.length > 0) return errors;
  const rows: RawRow[] = [];
  for (const record of body) {
    if (record.fields.length > columns.length) {
      errors.push({ file, row: record.line, field: '(row)', message: `${record.fields.length} fields but the header has ${columns.length}` });
      continue;
    }
    const value: Record<string, unknown> = {};
    record.fields.forEach((cell, index) => {
      const column = columns[index] as string;
      if (cell.trim() === '') return;
      const problem = placeCell(schema, value, column.split('.'), cell);
      if (problem) errors.push({ file, row: record.line, field: column, message: problem });
    });
    rows.push({ row: record.line, value });
  }
  return errors.length > 0 ? errors : rows;
}

function isErrors(value: RawRow[] | MasterDataError[]): value is MasterDataError[] {
  return value.length > 0 && 'file' in (value[0] as object);
}

function formatOf(source: MasterDataSource): MasterDataFormat {
  return source.format ?? (source.file.toLowerCase().endsWith('.csv') ? 'csv' : 'json');
}

function loadRecords<S extends AnySchema>(source: MasterDataSource, schema: S, jsonKey: string): { rows: { row: number; record: z.output<S> }[]; errors: MasterDataError[] } {
  const raw = formatOf(source) === 'csv' ? readCsvRows(source.file, source.text, schema) : readJsonRows(source.file, source.text, jsonKey);
  if (isErrors(raw)) return { rows: [], errors: raw };
  const errors: MasterDataError[] = [];
  const rows: { row: number; record: z.output<S> }[] = [];
  for (const { row, value } of raw) {
    const result = schema.safeParse(value);
    if (result.success) rows.push({ row, record: result.data as z.output<S> });
    else errors.push(...zodErrors(source.file, row, result.error));
  }
  return { rows, errors };
}

function finish<T>(records: T[], errors: MasterDataError[]): LoadResult<T> {
  return errors.length > 0 ? { ok: false, errors } : { ok: true, records };
}

/** Load partner profiles; ids must be unique, and so must the ISA sender (qualifier + id). */
export function loadPartnerProfiles(source: MasterDataSource): LoadResult<PartnerProfile> {
  const { rows, errors } = loadRecords(source, PartnerProfileZ, 'partners');
  const ids = new Map<string, number>();
  const senders = new Map<string, number>();
  for (const { row, record } of rows) {
    const first = ids.get(record.id);
    if (first !== undefined) errors.push({ file: source.file, row, field: 'id', message: `partner id ${record.id} already used in row ${first}` });
    else ids.set(record.id, row);
    const sender = `${record.isa.qualifier}/${record.isa.id.trim()}`;
    const firstSender = senders.get(sender);
    if (firstSender !== undefined) errors.push({ file: source.file, row, field: 'isa.id', message: `ISA sender ${sender} already used in row ${firstSender}` });
    else senders.set(sender, row);
  }
  return finish(rows.map((r) => r.record), errors);
}

/**
 * Load the item master. Vendor parts and UPCs are unique, and a partner's buyer part names one item.
 * With `knownPartnerIds`, buyer parts and contract prices must name a known partner.
 */
export function loadItems(source: MasterDataSource, knownPartnerIds?: readonly string[]): LoadResult<Item> {
  const { rows, errors } = loadRecords(source, ItemZ, 'items');
  const vendorParts = new Map<string, number>();
  const upcs = new Map<string, number>();
  const buyerParts = new Map<string, number>();
  const known = knownPartnerIds ? new Set(knownPartnerIds) : undefined;
  const err = (row: number, field: string, message: string): void => {
    errors.push({ file: source.file, row, field, message });
  };
  for (const { row, record } of rows) {
    const first = vendorParts.get(record.vendorPart);
    if (first !== undefined) err(row, 'vendorPart', `vendor part ${record.vendorPart} already used in row ${first}`);
    else vendorParts.set(record.vendorPart, row);
    // A bought-in part's P1 asks its supplier for the date; without a contact nobody would be asked.
    if (record.source === 'buy' && !record.supplier) err(row, 'supplier.email', `bought-in part ${record.vendorPart} needs its supplier contact (supplier.name, supplier.email)`);
    if (record.source === 'make' && (record.supplier || record.purchasing)) err(row, 'source', `part ${record.vendorPart} names a supplier or purchasing chain but is not source=buy`);
    if (record.upc !== undefined) {
      const firstUpc = upcs.get(record.upc);
      if (firstUpc !== undefined) err(row, 'upc', `UPC ${record.upc} already used in row ${firstUpc}`);
      else upcs.set(record.upc, row);
    }
    for (const [partner, part] of Object.entries(record.buyerParts)) {
      const key = `${partner}\u0000${part}`;
      const firstPart = buyerParts.get(key);
      if (firstPart !== undefined) err(row, `buyerParts.${partner}`, `buyer part ${part} of ${partner} already used in row ${firstPart}`);
      else buyerParts.set(key, row);
      if (known && !known.has(partner)) err(row, `buyerParts.${partner}`, `unknown partner ${partner}`);
    }
    if (known) for (const partner of Object.keys(record.contractPrice)) if (!known.has(partner)) err(row, `contractPrice.${partner}`, `unknown partner ${partner}`);
  }
  return finish(rows.map((r) => r.record), errors);
}

/** Load supply plans (one per item). With `knownItems`, every plan must name an item of the master. */
export function loadSupplyPlans(source: MasterDataSource, knownItems?: readonly string[]): LoadResult<SupplyPlan> {
  const known = knownItems ? new Set(knownItems) : undefined;
  let plans: { row: number; record: SupplyPlan }[];
  let errors: MasterDataError[];
  if (formatOf(source) === 'csv') {
    const loaded = loadRecords(source, SupplyPlanRowZ, 'supplyPlans');
    errors = loaded.errors;
    plans = groupSupplyRows(source.file, loaded.rows, errors);
  } else {
    const loaded = loadRecords(source, SupplyPlanZ, 'supplyPlans');
    errors = loaded.errors;
    plans = loaded.rows;
    const items = new Map<string, number>();
    for (const { row, record } of plans) {
      const first = items.get(record.item);
      if (first !== undefined) errors.push({ file: source.file, row, field: 'item', message: `item ${record.item} already planned in row ${first}` });
      else items.set(record.item, row);
    }
  }
  if (known) for (const { row, record } of plans) if (!known.has(record.item)) errors.push({ file: source.file, row, field: 'item', message: `item ${record.item} is not in the item master` });
  return finish(plans.map((p) => p.record), errors);
}

function groupSupplyRows(file: string, rows: { row: number; record: SupplyPlanRow }[], errors: MasterDataError[]): { row: number; record: SupplyPlan }[] {
  const byItem = new Map<string, { row: number; onHand: Map<string, { value: number; row: number }>; named: boolean; weeks: Map<string, number>; record: SupplyPlan }>();
  for (const { row, record } of rows) {
    let plan = byItem.get(record.item);
    if (!plan) {
      plan = { row, onHand: new Map(), named: false, weeks: new Map(), record: { schemaVersion: MASTER_DATA_SCHEMA_VERSION, item: record.item, onHand: 0, weeks: [] } };
      byItem.set(record.item, plan);
    }
    if (record.onHand !== undefined) {
      const location = record.location ?? DEFAULT_STOCK_LOCATION;
      if (record.location !== undefined) plan.named = true;
      const first = plan.onHand.get(location);
      if (first && first.value !== record.onHand) {
        errors.push({ file, row, field: 'onHand', message: `onHand ${record.onHand} at ${location} contradicts ${first.value} in row ${first.row}` });
      } else if (!first) plan.onHand.set(location, { value: record.onHand, row });
    }
    if (record.weekStart !== undefined) {
      const first = plan.weeks.get(record.weekStart);
      if (first !== undefined) errors.push({ file, row, field: 'weekStart', message: `week ${record.weekStart} of ${record.item} already in row ${first}` });
      else {
        plan.weeks.set(record.weekStart, row);
        plan.record.weeks.push({ weekStart: record.weekStart, mps: record.mps, receipts: record.receipts });
      }
    }
  }
  const result: { row: number; record: SupplyPlan }[] = [];
  for (const plan of byItem.values()) {
    if (plan.onHand.size === 0) errors.push({ file, row: plan.row, field: 'onHand', message: `no onHand given for item ${plan.record.item}` });
    const locations = [...plan.onHand.entries()].map(([location, { value }]) => ({ location, onHand: value }));
    plan.record.onHand = locations.reduce((total, l) => total + l.onHand, 0);
    // Locations are kept when the file names them; a plan without the column is all at the plant.
    if (plan.named) plan.record.locations = locations;
    plan.record.weeks.sort((a, b) => a.weekStart.localeCompare(b.weekStart));
    result.push({ row: plan.row, record: plan.record });
  }
  return result;
}
