/**
 * A shipments file from a WMS or ERP, the pure part (README, "Shipments from a WMS or ERP"):
 * CSV (one row per shipped line) or JSON, read whole — a bad row or member is an error naming the
 * file, row and field, and then no shipment of the file is taken (all or nothing, as master data).
 */
import { ShipmentFileZ, ShipmentInputZ, SHIPMENT_CSV_OPTIONAL, SHIPMENT_CSV_REQUIRED, type ShipmentFileInput } from '#schemas/master-data/shipment-file.ts';
import { parseCsv } from '../planning/csv.ts';
import type { LoadResult, MasterDataError } from '../planning/load-master-data.ts';

/** One shipment of the file, with the row (CSV line, or 1-based index in the JSON list) it starts on. */
export interface FileShipment {
  row: number;
  shipment: ShipmentFileInput;
}

function parseJsonShipments(file: string, text: string): LoadResult<FileShipment> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ file, row: 0, field: '(file)', message: `not JSON: ${(error as Error).message}` }] };
  }
  const parsed = ShipmentFileZ.safeParse(value);
  if (parsed.success) {
    const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.shipments;
    return { ok: true, records: list.map((shipment, i) => ({ row: i + 1, shipment })) };
  }
  const errors: MasterDataError[] = parsed.error.issues.slice(0, 200).map((issue) => {
    const path = issue.path.map(String);
    const at = path[0] === 'shipments' ? path.slice(1) : path;
    const row = at.length && /^\d+$/.test(at[0]!) ? Number(at[0]) + 1 : 0;
    return { file, row, field: at.slice(row ? 1 : 0).join('.') || '(file)', message: issue.message };
  });
  return { ok: false, errors };
}

function parseCsvShipments(file: string, text: string): LoadResult<FileShipment> {
  const csv = parseCsv(text);
  if (!csv.ok) return { ok: false, errors: [{ file, row: csv.line, field: '(file)', message: csv.message }] };
  const [header, ...rows] = csv.records;
  if (!header) return { ok: false, errors: [{ file, row: 0, field: '(file)', message: 'the file is empty' }] };
  const columns = header.fields.map((f) => f.trim().toLowerCase());
  const missing = SHIPMENT_CSV_REQUIRED.filter((c) => !columns.includes(c));
  const unknown = columns.filter((c) => !(SHIPMENT_CSV_REQUIRED as readonly string[]).includes(c) && !(SHIPMENT_CSV_OPTIONAL as readonly string[]).includes(c));
  if (missing.length || unknown.length) {
    return { ok: false, errors: [{ file, row: 1, field: '(header)', message: [missing.length ? `missing column(s) ${missing.join(', ')}` : '', unknown.length ? `unknown column(s) ${unknown.join(', ')}` : ''].filter(Boolean).join('; ') }] };
  }
  if (rows.length === 0) return { ok: false, errors: [{ file, row: 1, field: '(file)', message: 'no shipment rows after the header' }] };
  const errors: MasterDataError[] = [];
  const groups = new Map<string, FileShipment>();
  for (const r of rows) {
    const cell = (name: string): string | undefined => {
      const v = r.fields[columns.indexOf(name)]?.trim();
      return v ? v : undefined;
    };
    const number = (name: string): number | undefined => {
      const v = cell(name);
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isFinite(n)) errors.push({ file, row: r.line, field: name, message: `${v} is not a number` });
      return n;
    };
    const quantity = number('quantity');
    const packs = number('packs');
    const candidate = {
      partner: cell('partner'),
      purchaseOrderNumber: cell('po'),
      ...(cell('shipment_id') ? { shipmentId: cell('shipment_id') } : {}),
      lines: [{ lineNumber: cell('line'), quantity }],
      carrier: cell('carrier'),
      ...(cell('tracking') ? { tracking: cell('tracking') } : {}),
      ...(cell('bol') ? { billOfLading: cell('bol') } : {}),
      ...(cell('ship_date') ? { shipDate: cell('ship_date') } : {}),
      ...(packs !== undefined ? { packs } : {}),
      ...(cell('transport_method') ? { transportMethod: cell('transport_method') } : {}),
      ...(cell('by') ? { by: cell('by') } : {}),
    };
    const parsed = ShipmentInputZ.safeParse(candidate);
    if (!parsed.success) {
      const names: Record<string, string> = { purchaseOrderNumber: 'po', shipmentId: 'shipment_id', billOfLading: 'bol', shipDate: 'ship_date', transportMethod: 'transport_method', lines: 'line' };
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === 'lines' ? (issue.path[2] === 'quantity' ? 'quantity' : 'line') : (names[String(issue.path[0])] ?? String(issue.path[0]));
        errors.push({ file, row: r.line, field, message: issue.message });
      }
      continue;
    }
    const { lines, ...head } = parsed.data;
    const key = JSON.stringify(head);
    const group = groups.get(key);
    if (group) group.shipment.lines.push(...lines);
    else groups.set(key, { row: r.line, shipment: parsed.data });
  }
  return errors.length ? { ok: false, errors: errors.slice(0, 200) } : { ok: true, records: [...groups.values()] };
}

/** The shipments of a file, JSON when its name ends in `.json` or it starts with `{` or `[`, else CSV. */
export function parseShipmentFile(file: string, text: string): LoadResult<FileShipment> {
  const json = file.toLowerCase().endsWith('.json') || /^\s*[[{]/.test(text.startsWith('\uFEFF') ? text.slice(1) : text);
  return json ? parseJsonShipments(file, text) : parseCsvShipments(file, text);
}
