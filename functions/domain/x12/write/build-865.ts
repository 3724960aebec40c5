import type { ChangeAcknowledgedLine, ChangeAcknowledgment } from '#schemas/documents/x12-documents.ts';
import type { Segment } from '../types.ts';
import { ackSegment } from './build-855.ts';
import { acknowledgmentHeaderSegments, lineCountSegments, dtmSegments, envelopeSet, noteSegments, partyLoops, pidSegments, refSegments, schSegment } from './common.ts';
import { date, decimal, productIdPairs, segment, versionOf, type BuildOptions } from './elements.ts';
import { InvalidDocumentError } from './errors.ts';

/**
 * Writes one 865 Purchase Order Change Acknowledgment/Request – Seller Initiated:
 * ST, BCA (BCA01 purpose, BCA02 acknowledgment type, BCA03 PO number, BCA04 release number,
 * BCA05 change order sequence, BCA06 PO date, BCA09 seller's reference, BCA10 acknowledgment
 * date), CUR*SE, REF, PER, DTM,
 * N9/MSG notes, N1 loops; per line the POC loop (POC01 line, POC02 change type, POC03 quantity
 * ordered, POC04 quantity left to receive, POC05 unit (C001), POC06 price, POC07 basis, POC08+
 * product ids; then PID, REF, DTM, ACK loop, SCH, N9/MSG, N1); CTT when there are lines; SE.
 * POC syntax note C030405: a quantity needs the quantity left to receive and the unit.
 *
 * @param controlNumber ST02/SE02; a number is zero-padded to 4 digits.
 * @throws InvalidDocumentError when the document cannot be written as valid X12 (e.g. no BCA06 PO date).
 */
export function build865(doc: ChangeAcknowledgment, controlNumber: string | number, options: BuildOptions = {}): Segment[] {
  if (doc.orderDate === undefined) throw new InvalidDocumentError('the purchase order date is mandatory', 'BCA06');
  const body: Segment[] = [
    segment('BCA', [
      doc.purpose,
      doc.acknowledgmentType,
      doc.purchaseOrderNumber,
      doc.releaseNumber,
      doc.changeSequence,
      date(doc.orderDate, 'BCA06'),
      undefined,
      undefined,
      doc.sellerOrderNumber,
      date(doc.acknowledgmentDate, 'BCA10'),
    ]),
    ...acknowledgmentHeaderSegments(doc),
    ...doc.lines.flatMap(lineSegments),
    ...lineCountSegments(doc.lines),
  ];
  return envelopeSet('865', controlNumber, body, versionOf(options));
}

function lineSegments(line: ChangeAcknowledgedLine): Segment[] {
  return [
    segment('POC', [
      line.lineNumber,
      line.changeType,
      decimal(line.quantity, 'POC03'),
      decimal(line.quantityLeftToReceive, 'POC04'),
      line.unitOfMeasure,
      decimal(line.unitPrice, 'POC06'),
      line.priceBasis,
      ...productIdPairs(line.productIds),
    ]),
    ...pidSegments(line.description),
    ...refSegments(line.references),
    ...dtmSegments(line.dates),
    ...line.acks.map(ackSegment),
    ...line.schedules.map(schSegment),
    ...noteSegments(line.notes),
    ...partyLoops(line.parties),
  ];
}
