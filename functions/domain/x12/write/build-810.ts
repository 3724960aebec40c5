import type { Invoice, InvoiceLine, Terms } from '#schemas/documents/x12-documents.ts';
import type { Segment } from '../types.ts';
import { dtmSegments, envelopeSet, partyLoops, pidSegments, refSegments } from './common.ts';
import { date, decimal, integer, productIdPairs, segment, versionOf, type BuildOptions } from './elements.ts';
import { InvalidDocumentError } from './errors.ts';

/**
 * Writes one 810 Invoice (004010 table order): ST, BIG (BIG01 invoice date, BIG02 invoice
 * number, BIG03 PO date, BIG04 PO number, BIG05 release), CUR*SE, REF, N1 loops, ITD terms, DTM;
 * per line the IT1 loop (IT1: IT101 line, IT102 quantity invoiced, IT103 unit, IT104 unit price,
 * IT105 basis, IT106… product ids; PID); TDS (TDS01 total in cents, type N2); CTT (CTT01 number of
 * IT1 segments); SE.
 *
 * @throws InvalidDocumentError when it cannot be written as valid X12 (no invoice date, no total).
 */
export function build810(doc: Invoice, controlNumber: string | number, options: BuildOptions = {}): Segment[] {
  if (doc.invoiceDate === undefined) throw new InvalidDocumentError('the invoice date is mandatory', 'BIG01');
  if (doc.totalAmount === undefined) throw new InvalidDocumentError('the total invoice amount is mandatory', 'TDS01');
  const body: Segment[] = [
    segment('BIG', [date(doc.invoiceDate, 'BIG01'), doc.invoiceNumber, date(doc.orderDate, 'BIG03'), doc.purchaseOrderNumber, doc.releaseNumber]),
    ...(doc.currency === undefined ? [] : [segment('CUR', ['SE', doc.currency])]),
    ...refSegments(doc.references),
    ...partyLoops(doc.parties),
    ...(doc.terms ?? []).map(itdSegment),
    ...dtmSegments(doc.dates),
    ...doc.lines.flatMap(lineSegments),
    segment('TDS', [integer(Math.round(doc.totalAmount * 100), 'TDS01')]),
    ...(doc.lines.length > 0 ? [segment('CTT', [String(doc.lines.length)])] : []),
  ];
  return envelopeSet('810', controlNumber, body, versionOf(options));
}

function lineSegments(line: InvoiceLine): Segment[] {
  return [
    segment('IT1', [line.lineNumber, decimal(line.quantity, 'IT102'), line.unitOfMeasure, decimal(line.unitPrice, 'IT104'), line.priceBasis, ...productIdPairs(line.productIds)]),
    ...pidSegments(line.description),
  ];
}

/** ITD01 terms type, ITD02 basis date, ITD03 discount percent, ITD05 discount days, ITD07 net days. */
function itdSegment(terms: Terms): Segment {
  return segment('ITD', [terms.typeCode, terms.basisDateCode, decimal(terms.discountPercent, 'ITD03'), date(terms.discountDueDate, 'ITD04'), integer(terms.discountDays, 'ITD05'), date(terms.netDueDate, 'ITD06'), integer(terms.netDays, 'ITD07')]);
}
