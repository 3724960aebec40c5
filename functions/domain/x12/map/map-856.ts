import type { Delimiters, Segment } from '../types.ts';
import { hlParentOf, MAX_HL_DEPTH } from '../validate/hierarchy.ts';
import type { Party, ShipNotice, ShipNoticeNode, ShippedItem } from '#schemas/documents/x12-documents.ts';
import {
  appendDescription,
  applyPartySegment,
  dateAt,
  decimalAt,
  el,
  elOrEmpty,
  impliedAt,
  readCarrier,
  readDateTime,
  readDescription,
  readParty,
  readProductIds,
  readReference,
  toIsoTime,
} from './map-common.ts';

type Packaging = ShipNoticeNode['packaging'][number];

/** TD1: TD101 packaging code, TD102 lading quantity, TD106 weight qualifier, TD107 weight, TD108 unit. */
export function readPackaging(segment: Segment): Packaging {
  const packaging: Packaging = {};
  const packagingCode = el(segment, 1);
  if (packagingCode !== undefined) packaging.packagingCode = packagingCode;
  const ladingQuantity = impliedAt(segment, 2, 0);
  if (ladingQuantity !== undefined) packaging.ladingQuantity = ladingQuantity;
  const weightQualifier = el(segment, 6);
  if (weightQualifier !== undefined) packaging.weightQualifier = weightQualifier;
  const weight = decimalAt(segment, 7);
  if (weight !== undefined) packaging.weight = weight;
  const weightUnit = el(segment, 8);
  if (weightUnit !== undefined) packaging.weightUnit = weightUnit;
  return packaging;
}

function newNode(segment: Segment, byId: Map<string, ShipNoticeNode>): ShipNoticeNode {
  const id = elOrEmpty(segment, 1);
  const parentId = hlParentOf(segment, (x) => byId.has(x));
  // HL*1*S: HL02 left out instead of empty, the level shifted into its place.
  const level = parentId === undefined && el(segment, 3) === undefined ? el(segment, 2) : el(segment, 3);
  const node: ShipNoticeNode = {
    id,
    level: level ?? '',
    marks: [],
    packaging: [],
    carriers: [],
    references: [],
    dates: [],
    parties: [],
    children: [],
  };
  if (parentId !== undefined) node.parentId = parentId;
  return node;
}

function itemOf(node: ShipNoticeNode): ShippedItem {
  return (node.item ??= { productIds: [] });
}

/**
 * Maps an 856 Ship Notice/Manifest (ST…SE) to a {@link ShipNotice} whose `hierarchy` is the HL
 * tree: each HL (HL01 id, HL02 parent id, HL03 level) becomes a node under its parent (a root
 * when the parent is missing or unknown), and the segments after it belong to it:
 *
 * - BSN01 purpose, BSN02 shipment id, BSN03 date, BSN04 time, BSN05 structure code; header DTM.
 * - PRF01 purchase order number, PRF04 PO date; MAN01/MAN02 marks (and MAN04/MAN05).
 * - LIN01 line number and LIN02–LIN31 product ids, SN102 quantity shipped, SN103 unit,
 *   SN105 quantity ordered, PID05 description → item.
 * - TD1 packaging, TD5 carriers, REF, DTM, N1 loops (N2/N3/N4/REF/PER).
 * - CTT01 line item count.
 */
export function map856(segments: readonly Segment[], _delimiters: Delimiters): ShipNotice {
  const doc: ShipNotice = { type: '856', controlNumber: '', purpose: '', shipmentId: '', hierarchy: [] };
  const byId = new Map<string, ShipNoticeNode>();
  const depthOf = new Map<ShipNoticeNode, number>();
  let node: ShipNoticeNode | undefined;
  let party: Party | undefined;
  for (const segment of segments) {
    const tag = segment.tag;
    if (party !== undefined) {
      if (applyPartySegment(party, segment)) continue;
      party = undefined;
    }
    switch (tag) {
      case 'ST':
        doc.controlNumber = elOrEmpty(segment, 2);
        break;
      case 'BSN': {
        doc.purpose = elOrEmpty(segment, 1);
        doc.shipmentId = elOrEmpty(segment, 2);
        const shipDate = dateAt(segment, 3);
        if (shipDate !== undefined) doc.shipDate = shipDate;
        const shipTime = toIsoTime(el(segment, 4));
        if (shipTime !== undefined) doc.shipTime = shipTime;
        const structureCode = el(segment, 5);
        if (structureCode !== undefined) doc.structureCode = structureCode;
        break;
      }
      case 'HL': {
        node = newNode(segment, byId);
        const parent = node.parentId === undefined ? undefined : byId.get(node.parentId);
        // Deeper than the reader accepts (checkHierarchy refuses the set): kept as a root, so the
        // document stays shallow enough for every recursive consumer (JSON, zod).
        const depth = parent === undefined ? 1 : depthOf.get(parent)! + 1;
        if (parent !== undefined && depth <= MAX_HL_DEPTH) parent.children.push(node);
        else doc.hierarchy.push(node);
        depthOf.set(node, depth <= MAX_HL_DEPTH ? depth : 1);
        if (node.id !== '') byId.set(node.id, node);
        break;
      }
      case 'DTM': {
        const date = readDateTime(segment);
        if (date === undefined) break;
        if (node !== undefined) node.dates.push(date);
        else (doc.dates ??= []).push(date);
        break;
      }
      case 'CTT': {
        node = undefined;
        const count = impliedAt(segment, 1, 0);
        if (count !== undefined) doc.lineItemCount = count;
        break;
      }
      default:
        if (node !== undefined) party = applyNodeSegment(node, segment);
    }
  }
  return doc;
}

/** One segment inside an HL level; returns the party when it opens an N1 loop. */
function applyNodeSegment(node: ShipNoticeNode, segment: Segment): Party | undefined {
  switch (segment.tag) {
    case 'LIN': {
      const item = itemOf(node);
      const lineNumber = el(segment, 1);
      if (lineNumber !== undefined) item.lineNumber = lineNumber;
      readProductIds(segment, 2, 15, item.productIds);
      return undefined;
    }
    case 'SN1': {
      const item = itemOf(node);
      const lineNumber = el(segment, 1);
      if (lineNumber !== undefined) item.lineNumber ??= lineNumber;
      const quantityShipped = decimalAt(segment, 2);
      if (quantityShipped !== undefined) item.quantityShipped = quantityShipped;
      const unitOfMeasure = el(segment, 3);
      if (unitOfMeasure !== undefined) item.unitOfMeasure = unitOfMeasure;
      const quantityOrdered = decimalAt(segment, 5);
      if (quantityOrdered !== undefined) item.quantityOrdered = quantityOrdered;
      return undefined;
    }
    case 'PID': {
      const text = readDescription(segment);
      if (text !== undefined) {
        const item = itemOf(node);
        item.description = appendDescription(item.description, text);
      }
      return undefined;
    }
    case 'PRF': {
      const purchaseOrderNumber = el(segment, 1);
      if (purchaseOrderNumber !== undefined) node.purchaseOrderNumber = purchaseOrderNumber;
      const purchaseOrderDate = dateAt(segment, 4);
      if (purchaseOrderDate !== undefined) node.purchaseOrderDate = purchaseOrderDate;
      return undefined;
    }
    case 'MAN': {
      const qualifier = el(segment, 1);
      const value = el(segment, 2);
      if (qualifier !== undefined && value !== undefined) node.marks.push({ qualifier, value });
      const qualifier2 = el(segment, 4);
      const value2 = el(segment, 5);
      if (qualifier2 !== undefined && value2 !== undefined) node.marks.push({ qualifier: qualifier2, value: value2 });
      return undefined;
    }
    case 'TD1':
      node.packaging.push(readPackaging(segment));
      return undefined;
    case 'TD5':
      node.carriers.push(readCarrier(segment));
      return undefined;
    case 'REF': {
      const ref = readReference(segment);
      if (ref !== undefined) node.references.push(ref);
      return undefined;
    }
    case 'N1': {
      const party = readParty(segment);
      node.parties.push(party);
      return party;
    }
    default:
      return undefined;
  }
}
