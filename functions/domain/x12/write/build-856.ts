import type { ShipNotice, ShipNoticeNode, ShippedItem } from '#schemas/documents/x12-documents.ts';
import type { Segment } from '../types.ts';
import { dtmSegments, envelopeSet, partyLoops, pidSegments, refSegments } from './common.ts';
import { date, decimal, integer, productIdPairs, segment, text, time, versionOf, type BuildOptions } from './elements.ts';
import { InvalidDocumentError } from './errors.ts';
import { assertGmLabel, assertSscc18 } from './sscc.ts';


/**
 * Writes one 856 Ship Notice/Manifest: ST, BSN (BSN01 purpose, BSN02 shipment id, BSN03 date,
 * BSN04 time, BSN05 hierarchical structure code), header DTMs, then one HL loop per node of the hierarchy in
 * depth-first order, then CTT, SE.
 *
 * HL: HL01 is renumbered sequentially from 1 in depth-first order (the ids in the document are
 * ignored, so a tree assembled from several sources always gets a consistent numbering), HL02 the
 * parent's new id, HL03 the level code, HL04 `1` when the node has children and `0` when not.
 * Within each HL loop the segments follow the 004010 order and are written whatever the level,
 * when the node carries the data: LIN (item line number and product id pairs), SN1 (SN102 quantity
 * shipped, SN103 unit, SN105/SN106 quantity ordered), PRF (PRF01 PO, PRF04 PO date), PID (item
 * description), TD1 (packaging code, lading quantity, weight qualifier/weight/unit), TD5 (TD501 routing sequence, TD502 `2`
 * + TD503 SCAC, TD504 transport method, TD505 routing, TD512 service level), REF (e.g. BM bill of
 * lading, CN tracking number), MAN (marks; `GM` = `00` + SSCC-18, `AA` = the bare SSCC-18, check digit verified), DTM (011 shipped,
 * 017 estimated delivery), N1 loops (ST ship-to, SF ship-from).
 *
 * CTT01 is the document's `lineItemCount` when given, otherwise the number of HL segments (the
 * common 856 convention).
 *
 * @param controlNumber ST02/SE02; a number is zero-padded to 4 digits.
 * @throws InvalidDocumentError on an invalid SSCC-18, a missing BSN03/BSN04, or any element that breaks the 004010 dictionary.
 */
export function build856(doc: ShipNotice, controlNumber: string | number, options: BuildOptions = {}): Segment[] {
  if (doc.shipDate === undefined) throw new InvalidDocumentError('the shipment date is mandatory', 'BSN03');
  if (doc.shipTime === undefined) throw new InvalidDocumentError('the shipment time is mandatory', 'BSN04');
  const body: Segment[] = [
    segment('BSN', [doc.purpose, doc.shipmentId, date(doc.shipDate, 'BSN03'), time(doc.shipTime, 'BSN04'), doc.structureCode]),
    ...dtmSegments(doc.dates ?? []),
  ];
  let next = 1;
  const visit = (node: ShipNoticeNode, parent: string | undefined): void => {
    const id = String(next++);
    body.push(segment('HL', [id, parent, node.level, node.children.length > 0 ? '1' : '0']), ...nodeSegments(node));
    for (const child of node.children) visit(child, id);
  };
  for (const root of doc.hierarchy) visit(root, undefined);
  const hlCount = next - 1;
  if (hlCount === 0) throw new InvalidDocumentError('an 856 needs at least one HL level', 'HL');
  body.push(segment('CTT', [integer(doc.lineItemCount ?? hlCount, 'CTT01')]));
  return envelopeSet('856', controlNumber, body, versionOf(options));
}

function nodeSegments(node: ShipNoticeNode): Segment[] {
  for (const mark of node.marks) {
    if (mark.qualifier === 'GM') assertGmLabel(mark.value);
    if (mark.qualifier === 'AA') assertSscc18(mark.value);
  }
  const hasOrder = node.purchaseOrderNumber !== undefined || node.purchaseOrderDate !== undefined;
  return [
    ...(node.item === undefined ? [] : itemSegments(node.item)),
    ...(hasOrder ? [segment('PRF', [node.purchaseOrderNumber, undefined, undefined, date(node.purchaseOrderDate, 'PRF04')])] : []),
    ...pidSegments(node.item?.description),
    ...node.packaging.map((p) =>
      segment('TD1', [p.packagingCode, integer(p.ladingQuantity, 'TD102'), undefined, undefined, undefined, p.weightQualifier, decimal(p.weight, 'TD107'), p.weightUnit]),
    ),
    ...node.carriers.map((c) =>
      segment('TD5', [
        c.routingSequence,
        c.scac === undefined ? undefined : '2',
        c.scac,
        c.transportMethod,
        text(c.routing, '387'),
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        c.serviceLevel,
      ]),
    ),
    ...refSegments(node.references),
    ...node.marks.map((m) => segment('MAN', [m.qualifier, m.value])),
    ...dtmSegments(node.dates),
    ...partyLoops(node.parties),
  ];
}

/** LIN then SN1 (SN1 only when a shipped quantity is known; SN102 and SN103 are mandatory). */
function itemSegments(item: ShippedItem): Segment[] {
  const out: Segment[] = [];
  if (item.productIds.length > 0 || item.lineNumber !== undefined) {
    out.push(segment('LIN', [item.lineNumber, ...productIdPairs(item.productIds)]));
  }
  if (item.quantityShipped !== undefined || item.quantityOrdered !== undefined) {
    out.push(
      segment('SN1', [
        undefined,
        decimal(item.quantityShipped, 'SN102'),
        item.unitOfMeasure,
        undefined,
        decimal(item.quantityOrdered, 'SN105'),
        item.quantityOrdered === undefined ? undefined : item.unitOfMeasure,
      ]),
    );
  }
  return out;
}
