import type { Delimiters, Segment } from '../types.ts';
import type { AcknowledgedLine, LineAck, OrderAcknowledgment } from '#schemas/documents/x12-documents.ts';
import {
  applyHeaderSegment,
  applyLineSegment,
  dateAt,
  decimalAt,
  el,
  elOrEmpty,
  newHeader,
  newLine,
  readDateTime,
  readPo1,
  type HeaderContext,
  type LineContext,
} from './map-common.ts';

/**
 * ACK line item acknowledgment: ACK01 status, ACK02 quantity, ACK03 unit, ACK04 date qualifier, ACK05 date.
 * Shared by the 855 and the 865.
 */
export function readLineAck(segment: Segment): LineAck {
  const ack: LineAck = { status: elOrEmpty(segment, 1) };
  const quantity = decimalAt(segment, 2);
  if (quantity !== undefined) ack.quantity = quantity;
  const unitOfMeasure = el(segment, 3);
  if (unitOfMeasure !== undefined) ack.unitOfMeasure = unitOfMeasure;
  const dateQualifier = el(segment, 4);
  const date = dateAt(segment, 5);
  if (date !== undefined) {
    if (dateQualifier !== undefined) ack.dateQualifier = dateQualifier;
    ack.date = date;
  }
  return ack;
}

/**
 * A DTM inside an ACK loop: dates an ACK that carries no ACK04/ACK05 of its own; otherwise it
 * is a line date.
 */
export function applyAckDate(ack: LineAck | undefined, segment: Segment, dates: AcknowledgedLine['dates']): void {
  const date = readDateTime(segment);
  if (date === undefined) return;
  if (ack !== undefined && ack.date === undefined) {
    ack.dateQualifier = date.qualifier;
    ack.date = date.date;
  } else {
    dates.push(date);
  }
}

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
  let line: LineContext | undefined;
  let acked: AcknowledgedLine | undefined;
  let ack: LineAck | undefined;
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
        acked = { ...newLine(), acks: [] };
        line = { line: acked, party: undefined, subLine: undefined };
        ack = undefined;
        readPo1(segment, acked);
        doc.lines.push(acked);
        break;
      }
      case 'ACK':
        if (acked !== undefined) {
          ack = readLineAck(segment);
          acked.acks.push(ack);
        }
        break;
      case 'DTM':
        if (acked !== undefined && line !== undefined) {
          line.party = undefined;
          applyAckDate(ack, segment, acked.dates);
          ack = undefined;
        } else {
          applyHeaderSegment(header, segment);
        }
        break;
      case 'CTT':
      case 'SE':
        line = undefined;
        acked = undefined;
        applyHeaderSegment(header, segment);
        break;
      default:
        ack = undefined;
        if (line === undefined) applyHeaderSegment(header, segment);
        else applyLineSegment(line, segment, delimiters);
    }
  }
  return doc;
}
