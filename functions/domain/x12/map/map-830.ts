import type { Delimiters, Segment } from '../types.ts';
import type { ForecastQuantity, Party, PlanningItem, PlanningSchedule } from '#schemas/documents/x12-documents.ts';
import {
  applyHeaderSegment,
  applyPartySegment,
  componentOf,
  dateAt,
  decimalAt,
  el,
  elOrEmpty,
  newHeader,
  readDateTime,
  readDescription,
  appendDescription,
  readParty,
  readProductIds,
  readReference,
  type HeaderContext,
} from './map-common.ts';

type Authorization = PlanningItem['authorizations'][number];
type Shipped = PlanningItem['shipped'][number];

/** FST: FST01 quantity, FST02 forecast qualifier, FST03 timing qualifier, FST04 start date, FST05 end date. `undefined` without quantity or start date. */
export function readForecast(segment: Segment): ForecastQuantity | undefined {
  const quantity = decimalAt(segment, 1);
  const startDate = dateAt(segment, 4);
  if (quantity === undefined || startDate === undefined) return undefined;
  const forecast: ForecastQuantity = {
    quantity,
    forecastQualifier: elOrEmpty(segment, 2),
    timingQualifier: elOrEmpty(segment, 3),
    startDate,
  };
  const endDate = dateAt(segment, 5);
  if (endDate !== undefined) forecast.endDate = endDate;
  return forecast;
}

/** ATH: ATH01 resource authorization code, ATH02 through-date, ATH03 quantity, ATH04 cumulative quantity, ATH05 start date. */
export function readAuthorization(segment: Segment): Authorization {
  const auth: Authorization = { type: elOrEmpty(segment, 1) };
  const endDate = dateAt(segment, 2);
  if (endDate !== undefined) auth.endDate = endDate;
  const quantity = decimalAt(segment, 3);
  if (quantity !== undefined) auth.quantity = quantity;
  const cumulativeQuantity = decimalAt(segment, 4);
  if (cumulativeQuantity !== undefined) auth.cumulativeQuantity = cumulativeQuantity;
  const startDate = dateAt(segment, 5);
  if (startDate !== undefined) auth.startDate = startDate;
  return auth;
}

/** SHP: SHP01 quantity qualifier, SHP02 quantity, SHP03 date qualifier, SHP04 date, SHP06 end date. */
export function readShipped(segment: Segment): Shipped {
  const shipped: Shipped = {};
  const qualifier = el(segment, 1);
  if (qualifier !== undefined) shipped.qualifier = qualifier;
  const quantity = decimalAt(segment, 2);
  if (quantity !== undefined) shipped.quantity = quantity;
  const dateQualifier = el(segment, 3);
  if (dateQualifier !== undefined) shipped.dateQualifier = dateQualifier;
  const date = dateAt(segment, 4);
  if (date !== undefined) shipped.date = date;
  const endDate = dateAt(segment, 6);
  if (endDate !== undefined) shipped.endDate = endDate;
  return shipped;
}

/** BFR into the schedule header. */
function readBfr(segment: Segment, doc: PlanningSchedule): void {
  doc.purpose = elOrEmpty(segment, 1);
  const referenceId = el(segment, 2);
  if (referenceId !== undefined) doc.referenceId = referenceId;
  const releaseNumber = el(segment, 3);
  if (releaseNumber !== undefined) doc.releaseNumber = releaseNumber;
  const scheduleType = el(segment, 4);
  if (scheduleType !== undefined) doc.scheduleType = scheduleType;
  const quantityType = el(segment, 5);
  if (quantityType !== undefined) doc.quantityType = quantityType;
  const horizonStart = dateAt(segment, 6);
  if (horizonStart !== undefined) doc.horizonStart = horizonStart;
  const horizonEnd = dateAt(segment, 7);
  if (horizonEnd !== undefined) doc.horizonEnd = horizonEnd;
  const generatedDate = dateAt(segment, 8);
  if (generatedDate !== undefined) doc.generatedDate = generatedDate;
  const contractNumber = el(segment, 10);
  if (contractNumber !== undefined) doc.contractNumber = contractNumber;
  const purchaseOrderNumber = el(segment, 11);
  if (purchaseOrderNumber !== undefined) doc.purchaseOrderNumber = purchaseOrderNumber;
}

/**
 * Maps an 830 Planning Schedule with Release Capability (ST…SE) to a {@link PlanningSchedule}.
 *
 * - BFR01 purpose, BFR02 reference id, BFR03 release, BFR04 schedule type, BFR05 quantity type,
 *   BFR06/BFR07 horizon start/end, BFR08 generated date, BFR10 contract, BFR11 PO number.
 * - Header: CUR, REF, PER, DTM, NTE, FOB, TD5, N1 loops.
 * - LIN loop: LIN01 line number and LIN02–LIN31 product ids, UIT01 unit (C001), PID, REF, DTM,
 *   ATH, line N1 loops, FST (with QTY/SDQ skipped), SDP groups (SDP01 pattern and SDP02 time
 *   applied to the FSTs that follow), SHP (+REF).
 * - Summary: CTT01.
 */
export function map830(segments: readonly Segment[], delimiters: Delimiters): PlanningSchedule {
  const doc: PlanningSchedule = { type: '830', purpose: '', items: [], ...newHeader('') };
  const header: HeaderContext = { header: doc, party: undefined };
  let item: PlanningItem | undefined;
  let party: Party | undefined;
  let pattern: string | undefined;
  let shipTime: string | undefined;
  for (const segment of segments) {
    const tag = segment.tag;
    if (tag === 'LIN') {
      item = { productIds: [], parties: [], references: [], forecasts: [], authorizations: [], shipped: [] };
      const lineNumber = el(segment, 1);
      if (lineNumber !== undefined) item.lineNumber = lineNumber;
      readProductIds(segment, 2, 15, item.productIds);
      doc.items.push(item);
      party = undefined;
      pattern = undefined;
      shipTime = undefined;
      continue;
    }
    if (tag === 'CTT' || tag === 'SE') {
      item = undefined;
      applyHeaderSegment(header, segment);
      continue;
    }
    if (item === undefined) {
      if (tag === 'ST') doc.controlNumber = elOrEmpty(segment, 2);
      else if (tag === 'BFR') readBfr(segment, doc);
      else applyHeaderSegment(header, segment);
      continue;
    }
    if (party !== undefined) {
      if (applyPartySegment(party, segment)) continue;
      party = undefined;
    }
    if (tag !== 'FST' && tag !== 'QTY' && tag !== 'SDQ' && tag !== 'LM' && tag !== 'LQ') {
      pattern = undefined;
      shipTime = undefined;
    }
    switch (tag) {
      case 'UIT': {
        const unit = componentOf(el(segment, 1), delimiters.component, 1);
        if (unit !== undefined) item.unitOfMeasure ??= unit;
        break;
      }
      case 'PID': {
        const text = readDescription(segment);
        if (text !== undefined) item.description = appendDescription(item.description, text);
        break;
      }
      case 'REF': {
        const ref = readReference(segment);
        if (ref !== undefined) item.references.push(ref);
        break;
      }
      case 'DTM': {
        const date = readDateTime(segment);
        if (date !== undefined) (item.dates ??= []).push(date);
        break;
      }
      case 'N1':
        party = readParty(segment);
        item.parties.push(party);
        break;
      case 'FST': {
        const forecast = readForecast(segment);
        if (forecast === undefined) break;
        if (pattern !== undefined) forecast.calendarPattern = pattern;
        if (shipTime !== undefined) forecast.shipTime = shipTime;
        item.forecasts.push(forecast);
        break;
      }
      case 'SDP':
        pattern = el(segment, 1);
        shipTime = el(segment, 2);
        break;
      case 'ATH':
        item.authorizations.push(readAuthorization(segment));
        break;
      case 'SHP':
        item.shipped.push(readShipped(segment));
        break;
      default:
        break;
    }
  }
  return doc;
}
