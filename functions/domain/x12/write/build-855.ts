import type { AcknowledgedLine, LineAck, OrderAcknowledgment, Pricing } from '#schemas/documents/x12-documents.ts';
import type { Segment } from '../types.ts';
import { acknowledgmentHeaderSegments, lineCountSegments, dtmSegments, envelopeSet, noteSegments, partyLoops, pidSegments, refSegments, schSegment } from './common.ts';
import { date, decimal, productIdPairs, segment, versionOf, type BuildOptions } from './elements.ts';
import { InvalidDocumentError } from './errors.ts';

/**
 * Writes one 855 Purchase Order Acknowledgment (004010 table 1/2/3 order):
 * ST, BAK (BAK01 purpose, BAK02 acknowledgment type, BAK03 PO number, BAK04 PO date,
 * BAK05 release number, BAK06 request reference, BAK07 contract number, BAK08 seller's order
 * number, BAK09 acknowledgment date), CUR*SE, REF, PER, DTM, N9/MSG notes, N1 loops;
 * per line the PO1 loop (PO1, CTP confirmed prices, PID, REF, DTM, ACK loop, SCH, N9/MSG, N1); CTT (CTT01 number of
 * PO1 segments) when there are lines; SE.
 *
 * @param controlNumber ST02/SE02; a number is zero-padded to 4 digits.
 * @throws InvalidDocumentError when the document cannot be written as valid X12 (e.g. no BAK04 PO date).
 */
export function build855(doc: OrderAcknowledgment, controlNumber: string | number, options: BuildOptions = {}): Segment[] {
  if (doc.orderDate === undefined) throw new InvalidDocumentError('the purchase order date is mandatory', 'BAK04');
  const body: Segment[] = [
    segment('BAK', [
      doc.purpose,
      doc.acknowledgmentType,
      doc.purchaseOrderNumber,
      date(doc.orderDate, 'BAK04'),
      doc.releaseNumber,
      doc.requestReference,
      doc.contractNumber,
      doc.sellerOrderNumber,
      date(doc.acknowledgmentDate, 'BAK09'),
    ]),
    ...acknowledgmentHeaderSegments(doc),
    ...doc.lines.flatMap(lineSegments),
    ...lineCountSegments(doc.lines),
  ];
  return envelopeSet('855', controlNumber, body, versionOf(options));
}

function lineSegments(line: AcknowledgedLine): Segment[] {
  return [
    segment('PO1', [
      line.lineNumber,
      decimal(line.quantity, 'PO102'),
      line.unitOfMeasure,
      decimal(line.unitPrice, 'PO104'),
      line.priceBasis,
      ...productIdPairs(line.productIds),
    ]),
    ...(line.prices ?? []).map(ctpSegment),
    ...pidSegments(line.description),
    ...refSegments(line.references),
    ...dtmSegments(line.dates),
    ...line.acks.map(ackSegment),
    ...line.schedules.map(schSegment),
    ...noteSegments(line.notes),
    ...partyLoops(line.parties),
  ];
}

/** CTP02 price identifier, CTP03 unit price, CTP04 quantity and CTP05 (C001) its unit (paired, P0405). */
export function ctpSegment(price: Pricing): Segment {
  return segment('CTP', [undefined, price.identifier, decimal(price.unitPrice, 'CTP03'), decimal(price.quantity, 'CTP04'), price.quantity === undefined ? undefined : price.unitOfMeasure]);
}

/** ACK01 line status, ACK02/ACK03 quantity and unit (paired), ACK04/ACK05 date qualifier and date. */
export function ackSegment(ack: LineAck): Segment {
  return segment('ACK', [ack.status, decimal(ack.quantity, 'ACK02'), ack.unitOfMeasure, ack.dateQualifier, date(ack.date, 'ACK05')]);
}

