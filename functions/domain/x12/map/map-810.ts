import type { Delimiters, Segment } from '../types.ts';
import type { Invoice, InvoiceLine } from '#schemas/documents/x12-documents.ts';
import { applyHeaderSegment, dateAt, decimalAt, el, elOrEmpty, newHeader, readDescription, readProductIds, toImpliedDecimal, type HeaderContext } from './map-common.ts';

/**
 * Maps an 810 Invoice (ST…SE) to an {@link Invoice}: BIG01 invoice date, BIG02 invoice number,
 * BIG03 PO date, BIG04 PO number, BIG05 release; header CUR, REF, PER, DTM, ITD, N1 loops; per
 * IT1 (IT101 line, IT102 quantity, IT103 unit, IT104 price, IT105 basis, IT106… ids) its PID;
 * TDS01 the total (N2, cents); CTT01. Lenient: never throws.
 */
export function map810(segments: readonly Segment[], _delimiters: Delimiters): Invoice {
  const doc: Invoice = { type: '810', invoiceNumber: '', lines: [], ...newHeader('') };
  const header: HeaderContext = { header: doc, party: undefined };
  let line: InvoiceLine | undefined;
  for (const segment of segments) {
    switch (segment.tag) {
      case 'ST':
        doc.controlNumber = elOrEmpty(segment, 2);
        break;
      case 'BIG': {
        const invoiceDate = dateAt(segment, 1);
        if (invoiceDate !== undefined) doc.invoiceDate = invoiceDate;
        doc.invoiceNumber = elOrEmpty(segment, 2);
        const orderDate = dateAt(segment, 3);
        if (orderDate !== undefined) doc.orderDate = orderDate;
        const po = el(segment, 4);
        if (po !== undefined) doc.purchaseOrderNumber = po;
        const release = el(segment, 5);
        if (release !== undefined) doc.releaseNumber = release;
        break;
      }
      case 'IT1': {
        line = { productIds: [] };
        const lineNumber = el(segment, 1);
        if (lineNumber !== undefined) line.lineNumber = lineNumber;
        const quantity = decimalAt(segment, 2);
        if (quantity !== undefined) line.quantity = quantity;
        const unit = el(segment, 3);
        if (unit !== undefined) line.unitOfMeasure = unit;
        const price = decimalAt(segment, 4);
        if (price !== undefined) line.unitPrice = price;
        const basis = el(segment, 5);
        if (basis !== undefined) line.priceBasis = basis;
        readProductIds(segment, 6, 10, line.productIds);
        doc.lines.push(line);
        break;
      }
      case 'PID':
        if (line) {
          const description = readDescription(segment);
          if (description !== undefined) line.description = description;
        } else applyHeaderSegment(header, segment);
        break;
      case 'TDS': {
        const total = toImpliedDecimal(el(segment, 1), 2);
        if (total !== undefined) doc.totalAmount = total;
        line = undefined;
        break;
      }
      default:
        if (line === undefined) applyHeaderSegment(header, segment);
    }
  }
  return doc;
}
