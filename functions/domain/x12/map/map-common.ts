/**
 * Shared element readers and segment mappers used by every transaction-set mapper.
 * Element positions follow the spec (`el(segment, 3)` is XX03). Every reader is lenient:
 * a missing, blank or unreadable value becomes `undefined` (the validator reports it).
 */
import type { Delimiters, Segment } from '../types.ts';
import type {
  AllowanceCharge,
  Amount,
  Carrier,
  Contact,
  DateRef,
  Fob,
  PackDetail,
  Party,
  ProductId,
  PurchaseOrder,
  PurchaseOrderLine,
  Reference,
  Schedule,
  SubLine,
  Terms,
} from '#schemas/documents/x12-documents.ts';
import { isoDateFromX12, isoTimeFromX12 } from '../x12-dates.ts';

/** XX`position` trimmed; `undefined` when absent or blank. */
export function el(segment: Segment, position: number): string | undefined {
  const raw = segment.elements[position - 1];
  if (raw === undefined || raw.length === 0) return undefined;
  const value = raw.trim();
  return value.length === 0 ? undefined : value;
}

/** XX`position` trimmed, or `''` when absent (for fields the documents require). */
export function elOrEmpty(segment: Segment, position: number): string {
  return el(segment, position) ?? '';
}

/** The `index`-th (1-based) component of a composite value, trimmed; `undefined` when blank. */
export function componentOf(value: string | undefined, separator: string, index: number): string | undefined {
  if (value === undefined) return undefined;
  let start = 0;
  for (let i = 1; i < index; i++) {
    const next = separator.length === 0 ? -1 : value.indexOf(separator, start);
    if (next < 0) return undefined;
    start = next + separator.length;
  }
  const end = separator.length === 0 ? -1 : value.indexOf(separator, start);
  const part = (end < 0 ? value.slice(start) : value.slice(start, end)).trim();
  return part.length === 0 ? undefined : part;
}

/** The first repetition of a repeating element (005010 repetition separator); the value itself otherwise. */
export function firstRepetition(value: string | undefined, delimiters: Delimiters): string | undefined {
  if (value === undefined) return undefined;
  const rep = delimiters.repetition;
  if (rep === undefined || rep.length === 0) return value;
  const at = value.indexOf(rep);
  if (at < 0) return value;
  const first = value.slice(0, at).trim();
  return first.length === 0 ? undefined : first;
}

/** X12 DT to ISO `YYYY-MM-DD` by the one date rule (`x12-dates.ts`); `undefined` when not a real date. */
export const toIsoDate = isoDateFromX12;

/** X12 TM (`HHMM`, `HHMMSS`, `HHMMSSd`, `HHMMSSdd`) to `HH:MM` or `HH:MM:SS` (decimal seconds dropped). */
export const toIsoTime = isoTimeFromX12;

/** X12 R (explicit decimal, optional sign) to a number; `undefined` when blank or not numeric. */
export function toDecimal(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = raw.trim();
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c !== 46 && !(i === 0 && (c === 45 || c === 43))) return undefined;
  }
  if (digits === 0) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * X12 Nn (implied decimal: `N2` "1234" → 12.34; `N0` an integer) to a number.
 * A value that carries an explicit decimal point is read as written.
 */
export function toImpliedDecimal(raw: string | undefined, decimals: number): number | undefined {
  const n = toDecimal(raw);
  if (n === undefined || decimals === 0 || (raw !== undefined && raw.includes('.'))) return n;
  return n / 10 ** decimals;
}

/** XX`position` as an R number. */
export function decimalAt(segment: Segment, position: number): number | undefined {
  return toDecimal(segment.elements[position - 1]);
}

/** XX`position` as an Nn number. */
export function impliedAt(segment: Segment, position: number, decimals: number): number | undefined {
  return toImpliedDecimal(segment.elements[position - 1], decimals);
}

/** XX`position` as an ISO date. */
export function dateAt(segment: Segment, position: number): string | undefined {
  return toIsoDate(segment.elements[position - 1]);
}

/**
 * Product/service id pairs (element 235 qualifier, 234 id) starting at `firstPosition`
 * (PO106, LIN02, POC08, SLN09, ACK07…), up to `maxPairs`; pairs missing either half are skipped.
 */
export function readProductIds(segment: Segment, firstPosition: number, maxPairs: number, out: ProductId[] = []): ProductId[] {
  const elements = segment.elements;
  const end = firstPosition - 1 + maxPairs * 2;
  for (let i = firstPosition - 1; i < end && i + 1 < elements.length; i += 2) {
    const qualifier = elements[i]?.trim();
    const value = elements[i + 1]?.trim();
    if (qualifier && value) out.push({ qualifier, value });
  }
  return out;
}

/**
 * `N9*L1` (reference qualifier L1 = letters or notes) only heads the MSG lines that follow it:
 * those are notes, and the N9 itself carries no reference.
 */
export function isNotesHeading(segment: Segment): boolean {
  return segment.tag === 'N9' && (segment.elements[0] ?? '').trim() === 'L1';
}

/** REF (REF01 qualifier, REF02 value, REF03 description) or N9 (same layout). */
export function readReference(segment: Segment): Reference | undefined {
  const qualifier = el(segment, 1);
  const value = el(segment, 2);
  const description = el(segment, 3);
  if (qualifier === undefined || (value === undefined && description === undefined)) return undefined;
  const ref: Reference = { qualifier, value: value ?? '' };
  if (description !== undefined) ref.description = description;
  return ref;
}

/**
 * DTM: DTM01 qualifier, DTM02 date, DTM03 time; when DTM02 is absent, DTM05/DTM06 period
 * formats `D8`/`D6` (a date), `DT` (CCYYMMDDHHMM) and `RD8` (range; its start) are read.
 */
export function readDateTime(segment: Segment): DateRef | undefined {
  const qualifier = el(segment, 1);
  if (qualifier === undefined) return undefined;
  let date = dateAt(segment, 2);
  let time = toIsoTime(el(segment, 3));
  if (date === undefined) {
    const format = el(segment, 5);
    const period = el(segment, 6);
    if (period !== undefined) {
      if (format === 'D8' || format === 'D6') date = toIsoDate(period);
      else if (format === 'RD8' || format === 'RD6') date = toIsoDate(period.slice(0, format === 'RD8' ? 8 : 6));
      else if (format === 'DT' && period.length >= 12) {
        date = toIsoDate(period.slice(0, 8));
        time ??= toIsoTime(period.slice(8));
      }
    }
  }
  if (date === undefined) return undefined;
  const ref: DateRef = { qualifier, date };
  if (time !== undefined) ref.time = time;
  return ref;
}

/** PER: PER01 contact function, PER02 name, PER03–PER08 communication number pairs. */
export function readContact(segment: Segment): Contact {
  const contact: Contact = { function: elOrEmpty(segment, 1), channels: [] };
  const name = el(segment, 2);
  if (name !== undefined) contact.name = name;
  for (let p = 3; p <= 7; p += 2) {
    const qualifier = el(segment, p);
    const value = el(segment, p + 1);
    if (qualifier !== undefined && value !== undefined) contact.channels.push({ qualifier, value });
  }
  return contact;
}

/** N1: N101 entity (role), N102 name, N103 id qualifier, N104 id. */
export function readParty(segment: Segment): Party {
  const party: Party = { role: elOrEmpty(segment, 1), addressLines: [], contacts: [] };
  const name = el(segment, 2);
  if (name !== undefined) party.name = name;
  const idQualifier = el(segment, 3);
  if (idQualifier !== undefined) party.idQualifier = idQualifier;
  const id = el(segment, 4);
  if (id !== undefined) party.id = id;
  return party;
}

/**
 * Applies an N1-loop child to its party: N2 names, N3 address lines, N4 city/state/postal/country,
 * PER contacts, REF references. Returns false for any other segment.
 */
export function applyPartySegment(party: Party, segment: Segment): boolean {
  switch (segment.tag) {
    case 'N2':
    case 'N3': {
      const a = el(segment, 1);
      const b = el(segment, 2);
      const out = segment.tag === 'N3' ? party.addressLines : (party.additionalNames ??= []);
      if (a !== undefined) out.push(a);
      if (b !== undefined) out.push(b);
      return true;
    }
    case 'N4': {
      const city = el(segment, 1);
      const state = el(segment, 2);
      const postalCode = el(segment, 3);
      const country = el(segment, 4);
      if (city !== undefined) party.city = city;
      if (state !== undefined) party.state = state;
      if (postalCode !== undefined) party.postalCode = postalCode;
      if (country !== undefined) party.country = country;
      return true;
    }
    case 'PER':
      party.contacts.push(readContact(segment));
      return true;
    case 'REF': {
      const ref = readReference(segment);
      if (ref !== undefined) (party.references ??= []).push(ref);
      return true;
    }
    default:
      return false;
  }
}

/** FOB: FOB01 payment method, FOB02/03 location, FOB05 transportation terms, FOB06/07 title location, FOB08/09 risk of loss. */
export function readFob(segment: Segment): Fob | undefined {
  const paymentMethod = el(segment, 1);
  if (paymentMethod === undefined) return undefined;
  const fob: Fob = { paymentMethod };
  const locationQualifier = el(segment, 2);
  if (locationQualifier !== undefined) fob.locationQualifier = locationQualifier;
  const location = el(segment, 3);
  if (location !== undefined) fob.location = location;
  const transportationTerms = el(segment, 5);
  if (transportationTerms !== undefined) fob.transportationTerms = transportationTerms;
  const titleLocationQualifier = el(segment, 6);
  if (titleLocationQualifier !== undefined) fob.titleLocationQualifier = titleLocationQualifier;
  const titleLocation = el(segment, 7);
  if (titleLocation !== undefined) fob.titleLocation = titleLocation;
  const riskOfLossCode = el(segment, 8);
  if (riskOfLossCode !== undefined) fob.riskOfLossCode = riskOfLossCode;
  const riskOfLoss = el(segment, 9);
  if (riskOfLoss !== undefined) fob.riskOfLoss = riskOfLoss;
  return fob;
}

/** ITD terms of sale: ITD01 type, ITD02 basis date, ITD03 discount %, ITD04/05 discount due date/days, ITD06/07 net due date/days, ITD08 discount amount (N2), ITD12 description. */
export function readTerms(segment: Segment): Terms {
  const terms: Terms = {};
  const typeCode = el(segment, 1);
  if (typeCode !== undefined) terms.typeCode = typeCode;
  const basisDateCode = el(segment, 2);
  if (basisDateCode !== undefined) terms.basisDateCode = basisDateCode;
  const discountPercent = decimalAt(segment, 3);
  if (discountPercent !== undefined) terms.discountPercent = discountPercent;
  const discountDueDate = dateAt(segment, 4);
  if (discountDueDate !== undefined) terms.discountDueDate = discountDueDate;
  const discountDays = impliedAt(segment, 5, 0);
  if (discountDays !== undefined) terms.discountDays = discountDays;
  const netDueDate = dateAt(segment, 6);
  if (netDueDate !== undefined) terms.netDueDate = netDueDate;
  const netDays = impliedAt(segment, 7, 0);
  if (netDays !== undefined) terms.netDays = netDays;
  const discountAmount = impliedAt(segment, 8, 2);
  if (discountAmount !== undefined) terms.discountAmount = discountAmount;
  const description = el(segment, 12);
  if (description !== undefined) terms.description = description;
  return terms;
}

/** TD5 routing: TD501 routing sequence, TD503 carrier id (SCAC), TD504 transport method, TD505 routing, TD512 service level. */
export function readCarrier(segment: Segment): Carrier {
  const carrier: Carrier = {};
  const routingSequence = el(segment, 1);
  if (routingSequence !== undefined) carrier.routingSequence = routingSequence;
  const scac = el(segment, 3);
  if (scac !== undefined) carrier.scac = scac;
  const transportMethod = el(segment, 4);
  if (transportMethod !== undefined) carrier.transportMethod = transportMethod;
  const routing = el(segment, 5);
  if (routing !== undefined) carrier.routing = routing;
  const serviceLevel = el(segment, 12);
  if (serviceLevel !== undefined) carrier.serviceLevel = serviceLevel;
  return carrier;
}

/** SAC: SAC01 indicator, SAC02 code, SAC05 amount (N2), SAC07 percent, SAC08 rate, SAC09/10 UOM/quantity, SAC12 handling, SAC15 description. */
export function readAllowanceCharge(segment: Segment): AllowanceCharge | undefined {
  const indicator = el(segment, 1);
  if (indicator === undefined) return undefined;
  const sac: AllowanceCharge = { indicator };
  const code = el(segment, 2);
  if (code !== undefined) sac.code = code;
  const amount = impliedAt(segment, 5, 2);
  if (amount !== undefined) sac.amount = amount;
  const percent = decimalAt(segment, 7);
  if (percent !== undefined) sac.percent = percent;
  const rate = decimalAt(segment, 8);
  if (rate !== undefined) sac.rate = rate;
  const unitOfMeasure = el(segment, 9);
  if (unitOfMeasure !== undefined) sac.unitOfMeasure = unitOfMeasure;
  const quantity = decimalAt(segment, 10);
  if (quantity !== undefined) sac.quantity = quantity;
  const handling = el(segment, 12);
  if (handling !== undefined) sac.handling = handling;
  const description = el(segment, 15);
  if (description !== undefined) sac.description = description;
  return sac;
}

/** AMT: AMT01 qualifier, AMT02 amount (R). */
export function readAmount(segment: Segment): Amount | undefined {
  const qualifier = el(segment, 1);
  const amount = decimalAt(segment, 2);
  return qualifier === undefined || amount === undefined ? undefined : { qualifier, amount };
}

/** PO4: PO401 pack, PO402/403 size and unit, PO404 packaging code, PO405–PO407 gross weight, PO414 inner pack. */
export function readPackDetail(segment: Segment): PackDetail {
  const pack: PackDetail = {};
  const packs = impliedAt(segment, 1, 0);
  if (packs !== undefined) pack.pack = packs;
  const size = decimalAt(segment, 2);
  if (size !== undefined) pack.size = size;
  const sizeUnit = el(segment, 3);
  if (sizeUnit !== undefined) pack.sizeUnit = sizeUnit;
  const packagingCode = el(segment, 4);
  if (packagingCode !== undefined) pack.packagingCode = packagingCode;
  const weightQualifier = el(segment, 5);
  if (weightQualifier !== undefined) pack.weightQualifier = weightQualifier;
  const grossWeight = decimalAt(segment, 6);
  if (grossWeight !== undefined) pack.grossWeight = grossWeight;
  const weightUnit = el(segment, 7);
  if (weightUnit !== undefined) pack.weightUnit = weightUnit;
  const innerPack = impliedAt(segment, 14, 0);
  if (innerPack !== undefined) pack.innerPack = innerPack;
  return pack;
}

/** SCH: SCH01 quantity, SCH02 unit, SCH05 date qualifier, SCH06 date. `undefined` without a quantity. */
export function readSchedule(segment: Segment): Schedule | undefined {
  const quantity = decimalAt(segment, 1);
  if (quantity === undefined) return undefined;
  const schedule: Schedule = { quantity };
  const unitOfMeasure = el(segment, 2);
  if (unitOfMeasure !== undefined) schedule.unitOfMeasure = unitOfMeasure;
  const dateQualifier = el(segment, 5);
  if (dateQualifier !== undefined) schedule.dateQualifier = dateQualifier;
  const date = dateAt(segment, 6);
  if (date !== undefined) schedule.date = date;
  return schedule;
}

/**
 * SLN: SLN01 id, SLN02 parent id, SLN03 relationship, SLN04 quantity, SLN05 unit (composite
 * C001, first component), SLN06 price, SLN07 basis, SLN09–SLN28 product id pairs.
 */
export function readSubLine(segment: Segment, delimiters: Delimiters): SubLine {
  const sub: SubLine = { lineNumber: elOrEmpty(segment, 1), relationship: elOrEmpty(segment, 3), productIds: [] };
  const parentLineNumber = el(segment, 2);
  if (parentLineNumber !== undefined) sub.parentLineNumber = parentLineNumber;
  const quantity = decimalAt(segment, 4);
  if (quantity !== undefined) sub.quantity = quantity;
  const unitOfMeasure = componentOf(el(segment, 5), delimiters.component, 1);
  if (unitOfMeasure !== undefined) sub.unitOfMeasure = unitOfMeasure;
  const unitPrice = decimalAt(segment, 6);
  if (unitPrice !== undefined) sub.unitPrice = unitPrice;
  const priceBasis = el(segment, 7);
  if (priceBasis !== undefined) sub.priceBasis = priceBasis;
  readProductIds(segment, 9, 10, sub.productIds);
  return sub;
}

/** PID05 free-form description (`undefined` when PID05 is blank). */
export function readDescription(segment: Segment): string | undefined {
  return el(segment, 5);
}

/** Appends a further PID description to an existing one. */
export function appendDescription(current: string | undefined, next: string): string {
  return current === undefined ? next : `${current}; ${next}`;
}

/** Header fields every order-family document (850/855/860/865/830) shares. */
export type HeaderFields = Pick<
  PurchaseOrder,
  | 'controlNumber'
  | 'currency'
  | 'references'
  | 'dates'
  | 'parties'
  | 'contacts'
  | 'notes'
  | 'fob'
  | 'terms'
  | 'carriers'
  | 'allowancesCharges'
  | 'amounts'
  | 'lineItemCount'
>;

/** Fresh header fields for a set whose ST02 is `controlNumber`. */
export function newHeader(controlNumber: string): HeaderFields {
  return { controlNumber, references: [], dates: [], parties: [], contacts: [], notes: [] };
}

/** Where header segments go while a set's header (and summary) is read. */
export interface HeaderContext {
  header: HeaderFields;
  /** The N1 loop being read, if any. */
  party: Party | undefined;
}

/**
 * Maps a header-area segment of an order-family set: CUR (CUR02 currency), REF, PER, DTM,
 * N9/MSG/NTE, FOB, ITD, TD5, SAC, AMT, CTT01 and N1 loops (N1 with N2/N3/N4/REF/PER).
 * REF and PER after an N1 belong to that party. Unknown segments are ignored.
 */
export function applyHeaderSegment(ctx: HeaderContext, segment: Segment): void {
  const tag = segment.tag;
  if (ctx.party !== undefined) {
    if (applyPartySegment(ctx.party, segment)) return;
    if (tag !== 'NX2') ctx.party = undefined;
  }
  const header = ctx.header;
  switch (tag) {
    case 'N1': {
      const party = readParty(segment);
      header.parties.push(party);
      ctx.party = party;
      return;
    }
    case 'REF':
    case 'N9': {
      if (isNotesHeading(segment)) return;
      const ref = readReference(segment);
      if (ref !== undefined) header.references.push(ref);
      return;
    }
    case 'DTM': {
      const date = readDateTime(segment);
      if (date !== undefined) header.dates.push(date);
      return;
    }
    case 'PER':
      header.contacts.push(readContact(segment));
      return;
    case 'MSG': {
      const text = el(segment, 1);
      if (text !== undefined) header.notes.push(text);
      return;
    }
    case 'NTE': {
      const text = el(segment, 2);
      if (text !== undefined) header.notes.push(text);
      return;
    }
    case 'CUR': {
      const currency = el(segment, 2);
      if (currency !== undefined) header.currency ??= currency;
      return;
    }
    case 'FOB': {
      const fob = readFob(segment);
      if (fob !== undefined) header.fob ??= fob;
      return;
    }
    case 'ITD':
      (header.terms ??= []).push(readTerms(segment));
      return;
    case 'TD5':
      (header.carriers ??= []).push(readCarrier(segment));
      return;
    case 'SAC': {
      const sac = readAllowanceCharge(segment);
      if (sac !== undefined) (header.allowancesCharges ??= []).push(sac);
      return;
    }
    case 'AMT': {
      const amount = readAmount(segment);
      if (amount !== undefined) (header.amounts ??= []).push(amount);
      return;
    }
    case 'CTT': {
      const count = impliedAt(segment, 1, 0);
      if (count !== undefined) header.lineItemCount = count;
      return;
    }
    default:
      return;
  }
}

/** A fresh order line with its arrays. */
export function newLine(): PurchaseOrderLine {
  return { productIds: [], dates: [], schedules: [], references: [], notes: [], parties: [] };
}

/**
 * PO1 into a line: PO101 line number, PO102 quantity, PO103 unit, PO104 unit price, PO105 price
 * basis, PO106–PO125 product id pairs. (Also the 855's PO1.)
 */
export function readPo1(segment: Segment, line: PurchaseOrderLine): void {
  const lineNumber = el(segment, 1);
  if (lineNumber !== undefined) line.lineNumber = lineNumber;
  const quantity = decimalAt(segment, 2);
  if (quantity !== undefined) line.quantity = quantity;
  const unitOfMeasure = el(segment, 3);
  if (unitOfMeasure !== undefined) line.unitOfMeasure = unitOfMeasure;
  const unitPrice = decimalAt(segment, 4);
  if (unitPrice !== undefined) line.unitPrice = unitPrice;
  const priceBasis = el(segment, 5);
  if (priceBasis !== undefined) line.priceBasis = priceBasis;
  readProductIds(segment, 6, 10, line.productIds);
}

/** Where line segments go while one PO1/POC loop is read. */
export interface LineContext {
  line: PurchaseOrderLine;
  /** The line-level N1 loop being read, if any. */
  party: Party | undefined;
  /** The SLN loop being read, if any (its PIDs describe the sub-line). */
  subLine: SubLine | undefined;
}

/**
 * Maps a child of a PO1 (850/855) or POC (860/865) loop: PID (PID05 description; inside an SLN
 * loop the sub-line's), PO4 pack, SCH schedules, DTM, REF/N9, MSG/NTE notes, SAC, SLN sub-lines and
 * line-level N1 loops (N1 with N2/N3/N4/REF/PER). Returns false for segments it does not map.
 */
export function applyLineSegment(ctx: LineContext, segment: Segment, delimiters: Delimiters): boolean {
  const tag = segment.tag;
  if (ctx.party !== undefined) {
    if (applyPartySegment(ctx.party, segment)) return true;
    if (tag !== 'NX2') ctx.party = undefined;
  }
  const line = ctx.line;
  switch (tag) {
    case 'PID': {
      const text = readDescription(segment);
      if (text === undefined) return true;
      if (ctx.subLine !== undefined) ctx.subLine.description = appendDescription(ctx.subLine.description, text);
      else line.description = appendDescription(line.description, text);
      return true;
    }
    case 'PO4':
      line.pack ??= readPackDetail(segment);
      return true;
    case 'SCH': {
      const schedule = readSchedule(segment);
      if (schedule !== undefined) line.schedules.push(schedule);
      return true;
    }
    case 'DTM': {
      const date = readDateTime(segment);
      if (date !== undefined) line.dates.push(date);
      return true;
    }
    case 'REF':
    case 'N9': {
      if (isNotesHeading(segment)) return true;
      const ref = readReference(segment);
      if (ref !== undefined) line.references.push(ref);
      return true;
    }
    case 'MSG': {
      const text = el(segment, 1);
      if (text !== undefined) line.notes.push(text);
      return true;
    }
    case 'NTE': {
      const text = el(segment, 2);
      if (text !== undefined) line.notes.push(text);
      return true;
    }
    case 'SAC': {
      const sac = readAllowanceCharge(segment);
      if (sac !== undefined) (line.allowancesCharges ??= []).push(sac);
      return true;
    }
    case 'SLN': {
      const sub = readSubLine(segment, delimiters);
      (line.subLines ??= []).push(sub);
      ctx.subLine = sub;
      return true;
    }
    case 'N1': {
      const party = readParty(segment);
      line.parties.push(party);
      ctx.party = party;
      return true;
    }
    default:
      return false;
  }
}
