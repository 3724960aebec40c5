import type { Delimiters, Segment } from '../types.ts';
import type { ChangeAcknowledgedLine, ChangeAcknowledgment } from '#schemas/documents/x12-documents.ts';
import { dateAt, el, elOrEmpty, newHeader, newLine, type HeaderContext } from './map-common.ts';
import { AcknowledgedLines } from './map-ack-lines.ts';
import { readPoc } from './map-860.ts';

/**
 * Maps an 865 Purchase Order Change Acknowledgment/Request – Seller Initiated (ST…SE) to a
 * {@link ChangeAcknowledgment}.
 *
 * - BCA01 purpose, BCA02 acknowledgment type, BCA03 PO number, BCA04 release, BCA05 change
 *   sequence, BCA06 order date, BCA09 seller's reference, BCA10 acknowledgment date.
 * - Header: CUR, REF, PER, DTM, FOB, ITD, TD5, SAC, N9/MSG, N1 loops.
 * - POC loop: POC with PID, PO4, SCH, DTM, REF, SAC, SLN, N1 loops and ACK loops (ACK + DTM).
 * - Summary: CTT01, AMT.
 */
export function map865(segments: readonly Segment[], delimiters: Delimiters): ChangeAcknowledgment {
  const doc: ChangeAcknowledgment = { type: '865', purpose: '', acknowledgmentType: '', purchaseOrderNumber: '', lines: [], ...newHeader('') };
  const header: HeaderContext = { header: doc, party: undefined };
  const lines = new AcknowledgedLines<ChangeAcknowledgedLine>(header, delimiters);
  for (const segment of segments) {
    switch (segment.tag) {
      case 'ST':
        doc.controlNumber = elOrEmpty(segment, 2);
        break;
      case 'BCA': {
        doc.purpose = elOrEmpty(segment, 1);
        doc.acknowledgmentType = elOrEmpty(segment, 2);
        doc.purchaseOrderNumber = elOrEmpty(segment, 3);
        const releaseNumber = el(segment, 4);
        if (releaseNumber !== undefined) doc.releaseNumber = releaseNumber;
        const changeSequence = el(segment, 5);
        if (changeSequence !== undefined) doc.changeSequence = changeSequence;
        const orderDate = dateAt(segment, 6);
        if (orderDate !== undefined) doc.orderDate = orderDate;
        const sellerOrderNumber = el(segment, 9);
        if (sellerOrderNumber !== undefined) doc.sellerOrderNumber = sellerOrderNumber;
        const acknowledgmentDate = dateAt(segment, 10);
        if (acknowledgmentDate !== undefined) doc.acknowledgmentDate = acknowledgmentDate;
        break;
      }
      case 'POC': {
        const acked: ChangeAcknowledgedLine = { ...newLine(), changeType: '', acks: [] };
        readPoc(segment, delimiters, acked);
        doc.lines.push(acked);
        lines.startLine(acked);
        break;
      }
      default:
        lines.read(segment);
    }
  }
  return doc;
}
