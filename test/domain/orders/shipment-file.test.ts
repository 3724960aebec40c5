import { describe, expect, it } from 'vitest';
import { parseShipmentFile } from '#domain/orders/shipment-file.ts';

const H = 'partner,po,shipment_id,line,quantity,carrier,tracking,ship_date,packs';

describe('shipments file', () => {
  it('groups the CSV rows of one shipment into its lines, and keeps apart rows that differ', () => {
    const r = parseShipmentFile('s.csv', [H, 'ACME,PO-1,S-1,1,5,ODFL,PRO-1,2026-11-24,2', 'ACME,PO-1,S-1,2,3,ODFL,PRO-1,2026-11-24,2', 'ACME,PO-1,S-2,3,1,ODFL,PRO-2,2026-11-24,1', ''].join('\n'));
    expect(r).toEqual({
      ok: true,
      records: [
        { row: 2, shipment: { partner: 'ACME', purchaseOrderNumber: 'PO-1', shipmentId: 'S-1', carrier: 'ODFL', tracking: 'PRO-1', shipDate: '2026-11-24', packs: 2, lines: [{ lineNumber: '1', quantity: 5 }, { lineNumber: '2', quantity: 3 }] } },
        { row: 4, shipment: { partner: 'ACME', purchaseOrderNumber: 'PO-1', shipmentId: 'S-2', carrier: 'ODFL', tracking: 'PRO-2', shipDate: '2026-11-24', packs: 1, lines: [{ lineNumber: '3', quantity: 1 }] } },
      ],
    });
  });

  const refused: { name: string; file: string; text: string; error: { row: number; field: string; message: RegExp } }[] = [
    { name: 'a missing column', file: 's.csv', text: 'partner,po,line,quantity\nACME,PO-1,1,5\n', error: { row: 1, field: '(header)', message: /missing column\(s\) carrier/ } },
    { name: 'an unknown column', file: 's.csv', text: 'partner,po,line,quantity,carrier,colour\nACME,PO-1,1,5,ODFL,red\n', error: { row: 1, field: '(header)', message: /unknown column\(s\) colour/ } },
    { name: 'a quantity that is not a number', file: 's.csv', text: `${H}\nACME,PO-1,S,1,five,ODFL,,,\n`, error: { row: 2, field: 'quantity', message: /five is not a number/ } },
    { name: 'a zero quantity', file: 's.csv', text: `${H}\nACME,PO-1,S,1,0,ODFL,,,\n`, error: { row: 2, field: 'quantity', message: /./ } },
    { name: 'a bad ship date', file: 's.csv', text: `${H}\nACME,PO-1,S,1,2,ODFL,,24.11.2026,\n`, error: { row: 2, field: 'ship_date', message: /YYYY-MM-DD/ } },
    { name: 'no carrier', file: 's.csv', text: `${H}\nACME,PO-1,S,1,2,,,,\n`, error: { row: 2, field: 'carrier', message: /./ } },
    { name: 'a header only', file: 's.csv', text: `${H}\n`, error: { row: 1, field: '(file)', message: /no shipment rows/ } },
    { name: 'JSON that does not parse', file: 's.json', text: '{"shipments": [', error: { row: 0, field: '(file)', message: /not JSON/ } },
    { name: 'a JSON shipment without lines', file: 's.json', text: JSON.stringify({ shipments: [{ partner: 'A', purchaseOrderNumber: 'P', carrier: 'X', lines: [] }] }), error: { row: 1, field: 'lines', message: /./ } },
    { name: 'a JSON line with a negative quantity', file: 's.json', text: JSON.stringify([{ partner: 'A', purchaseOrderNumber: 'P', carrier: 'X', lines: [{ lineNumber: '1', quantity: -1 }] }]), error: { row: 1, field: 'lines.0.quantity', message: /./ } },
  ];
  it.each(refused)('refuses the whole file for $name', ({ file, text, error }) => {
    const r = parseShipmentFile(file, text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatchObject({ file, row: error.row, field: error.field });
    expect(r.errors[0]!.message).toMatch(error.message);
  });

  it('reads a bare JSON array and a {"shipments": []} object alike', () => {
    const one = { partner: 'A', purchaseOrderNumber: 'P', carrier: 'X', lines: [{ lineNumber: '1', quantity: 2 }] };
    expect(parseShipmentFile('a.json', JSON.stringify([one]))).toEqual({ ok: true, records: [{ row: 1, shipment: one }] });
    expect(parseShipmentFile('b.txt', JSON.stringify({ shipments: [one] }))).toEqual({ ok: true, records: [{ row: 1, shipment: one }] });
  });
});
