import type { Delimiters, Segment } from '../types.ts';
import type { PurchaseOrder } from '#schemas/documents/x12-documents.ts';
import {
  applyHeaderSegment,
  applyLineSegment,
  dateAt,
  el,
  elOrEmpty,
  newHeader,
  newLine,
  readPo1,
  type HeaderContext,
  type LineContext,
} from './map-common.ts';

/**
 * Maps an 850 Purchase Order (ST…SE) to a {@link PurchaseOrder}.
 *
 * - ST02 control number; BEG01 purpose, BEG02 order type, BEG03 PO number, BEG04 release,
 *   BEG05 order date, BEG06 contract.
 * - Header: CUR, REF, PER, DTM, FOB, ITD, TD5, SAC, N9/MSG, N1 loops (N2/N3/N4/REF/PER).
 * - PO1 loop: PO1 with PID, PO4, SCH, DTM, REF, N9/MSG, SAC, SLN(+PID) and line N1 loops.
 * - Summary: CTT01 line count, AMT.
 */
export function map850(segments: readonly Segment[], delimiters: Delimiters): PurchaseOrder {
  const doc: PurchaseOrder = { type: '850', purpose: '', orderType: '', purchaseOrderNumber: '', lines: [], ...newHeader('') };
  const header: HeaderContext = { header: doc, party: undefined };
  let line: LineContext | undefined;
  for (const segment of segments) {
    switch (segment.tag) {
      case 'ST':
        doc.controlNumber = elOrEmpty(segment, 2);
        break;
      case 'BEG': {
        doc.purpose = elOrEmpty(segment, 1);
        doc.orderType = elOrEmpty(segment, 2);
        doc.purchaseOrderNumber = elOrEmpty(segment, 3);
        const releaseNumber = el(segment, 4);
        if (releaseNumber !== undefined) doc.releaseNumber = releaseNumber;
        const orderDate = dateAt(segment, 5);
        if (orderDate !== undefined) doc.orderDate = orderDate;
        const contractNumber = el(segment, 6);
        if (contractNumber !== undefined) doc.contractNumber = contractNumber;
        break;
      }
      case 'PO1': {
        line = { line: newLine(), party: undefined, subLine: undefined };
        readPo1(segment, line.line);
        doc.lines.push(line.line);
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
