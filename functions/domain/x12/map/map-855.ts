import type { Delimiters, Segment } from '../types.ts';
import type { AcknowledgedLine, OrderAcknowledgment } from '#schemas/documents/x12-documents.ts';
import { dateAt, el, elOrEmpty, newHeader, newLine, readPo1, type HeaderContext } from './map-common.ts';
import { AcknowledgedLines } from './map-ack-lines.ts';

/**
 * Maps an 855 Purchase Order Acknowledgment (ST…SE) to an {@link OrderAcknowledgment}.
 *
 * - BAK01 purpose, BAK02 acknowledgment type, BAK03 PO number, BAK04 PO date, BAK05 release,
 *   BAK06 request reference, BAK07 contract, BAK08 seller's order number, BAK09 acknowledgment date.
 * - Header: CUR, REF, PER, DTM, FOB, ITD, TD5, SAC, N9/MSG, N1 loops.
 * - PO1 loop: PO1, PID, PO4, SCH, REF, DTM, SAC, SLN, N1 loops, and ACK loops (ACK + DTM).
 * - Summary: CTT01, AMT.
 */
export function map855(segments: readonly Segment[], delimiters: Delimiters): OrderAcknowledgment {
  const doc: OrderAcknowledgment = { type: '855', purpose: '', acknowledgmentType: '', purchaseOrderNumber: '', lines: [], ...newHeader('') };
  const header: HeaderContext = { header: doc, party: undefined };
  const lines = new AcknowledgedLines<AcknowledgedLine>(header, delimiters);
  for (const segment of segments) {
    switch (segment.tag) {
      case 'ST':
        doc.controlNumber = elOrEmpty(segment, 2);
        break;
      case 'BAK': {
        doc.purpose = elOrEmpty(segment, 1);
        doc.acknowledgmentType = elOrEmpty(segment, 2);
        doc.purchaseOrderNumber = elOrEmpty(segment, 3);
        const orderDate = dateAt(segment, 4);
        if (orderDate !== undefined) doc.orderDate = orderDate;
        const releaseNumber = el(segment, 5);
        if (releaseNumber !== undefined) doc.releaseNumber = releaseNumber;
        const requestReference = el(segment, 6);
        if (requestReference !== undefined) doc.requestReference = requestReference;
        const contractNumber = el(segment, 7);
        if (contractNumber !== undefined) doc.contractNumber = contractNumber;
        const sellerOrderNumber = el(segment, 8);
        if (sellerOrderNumber !== undefined) doc.sellerOrderNumber = sellerOrderNumber;
        const acknowledgmentDate = dateAt(segment, 9);
        if (acknowledgmentDate !== undefined) doc.acknowledgmentDate = acknowledgmentDate;
        break;
      }
      case 'PO1': {
        const acked: AcknowledgedLine = { ...newLine(), acks: [] };
        readPo1(segment, acked);
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
