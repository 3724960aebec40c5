import type { Delimiters, Segment } from '../types.ts';
import type { OrderChange, OrderChangeLine } from '#schemas/documents/x12-documents.ts';
import {
  applyHeaderSegment,
  applyLineSegment,
  componentOf,
  dateAt,
  decimalAt,
  el,
  elOrEmpty,
  newHeader,
  newLine,
  readProductIds,
  type HeaderContext,
  type LineContext,
} from './map-common.ts';

/**
 * POC line item change: POC01 line number, POC02 change type, POC03 quantity ordered, POC04
 * quantity left to receive, POC05 unit (composite C001, first component), POC06 unit price,
 * POC07 price basis, POC08–POC27 product id pairs. Shared by the 860 and the 865.
 */
export function readPoc(segment: Segment, delimiters: Delimiters, line: OrderChangeLine): void {
  const lineNumber = el(segment, 1);
  if (lineNumber !== undefined) line.lineNumber = lineNumber;
  line.changeType = elOrEmpty(segment, 2);
  const quantity = decimalAt(segment, 3);
  if (quantity !== undefined) line.quantity = quantity;
  const quantityLeftToReceive = decimalAt(segment, 4);
  if (quantityLeftToReceive !== undefined) line.quantityLeftToReceive = quantityLeftToReceive;
  const unitOfMeasure = componentOf(el(segment, 5), delimiters.component, 1);
  if (unitOfMeasure !== undefined) line.unitOfMeasure = unitOfMeasure;
  const unitPrice = decimalAt(segment, 6);
  if (unitPrice !== undefined) line.unitPrice = unitPrice;
  const priceBasis = el(segment, 7);
  if (priceBasis !== undefined) line.priceBasis = priceBasis;
  readProductIds(segment, 8, 10, line.productIds);
}

/**
 * Maps an 860 Purchase Order Change Request – Buyer Initiated (ST…SE) to an {@link OrderChange}.
 *
 * - BCH01 purpose, BCH02 order type, BCH03 PO number, BCH04 release, BCH05 change sequence,
 *   BCH06 order date, BCH11 change request date.
 * - Header: CUR, REF, PER, DTM, FOB, ITD, TD5, SAC, N9/MSG, N1 loops.
 * - POC loop: POC with PID, PO4, SCH, DTM, REF, N9/MSG, SAC, SLN and line N1 loops.
 * - Summary: CTT01, AMT.
 */
export function map860(segments: readonly Segment[], delimiters: Delimiters): OrderChange {
  const doc: OrderChange = { type: '860', purpose: '', orderType: '', purchaseOrderNumber: '', lines: [], ...newHeader('') };
  const header: HeaderContext = { header: doc, party: undefined };
  let line: LineContext | undefined;
  for (const segment of segments) {
    switch (segment.tag) {
      case 'ST':
        doc.controlNumber = elOrEmpty(segment, 2);
        break;
      case 'BCH': {
        doc.purpose = elOrEmpty(segment, 1);
        doc.orderType = elOrEmpty(segment, 2);
        doc.purchaseOrderNumber = elOrEmpty(segment, 3);
        const releaseNumber = el(segment, 4);
        if (releaseNumber !== undefined) doc.releaseNumber = releaseNumber;
        const changeSequence = el(segment, 5);
        if (changeSequence !== undefined) doc.changeSequence = changeSequence;
        const orderDate = dateAt(segment, 6);
        if (orderDate !== undefined) doc.orderDate = orderDate;
        const changeDate = dateAt(segment, 11);
        if (changeDate !== undefined) doc.changeDate = changeDate;
        break;
      }
      case 'POC': {
        const changed: OrderChangeLine = { ...newLine(), changeType: '' };
        readPoc(segment, delimiters, changed);
        doc.lines.push(changed);
        line = { line: changed, party: undefined, subLine: undefined };
        break;
      }
      case 'CTT':
      case 'SE':
        line = undefined;
        applyHeaderSegment(header, segment);
        break;
      default:
        if (line === undefined) applyHeaderSegment(header, segment);
        else applyLineSegment(line, segment, delimiters);
    }
  }
  return doc;
}
