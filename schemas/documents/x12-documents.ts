/**
 * Canonical typed documents: what the X12 reader produces and the writers consume.
 * Plain names here; X12 element ids appear only in the mapping tables (functions/domain/x12/map, write).
 * Dates are ISO `YYYY-MM-DD`, times `HH:MM` or `HH:MM:SS`, quantities and prices numbers.
 */
import { z } from 'zod';

export const DOCUMENT_SCHEMA_VERSION = 1;

export const ReferenceZ = z.object({
  /** REF01 / N901 qualifier, e.g. `DP`, `BM`, `CN`. */
  qualifier: z.string(),
  value: z.string(),
  description: z.string().optional(),
});
export type Reference = z.infer<typeof ReferenceZ>;

export const DateRefZ = z.object({
  /** DTM01 qualifier: `002` delivery requested, `010` requested ship, `011` shipped, `017` estimated delivery, … */
  qualifier: z.string(),
  date: z.string(),
  time: z.string().optional(),
});
export type DateRef = z.infer<typeof DateRefZ>;

export const ProductIdZ = z.object({
  /** Product/service id qualifier (element 235): `BP` buyer part, `VP` vendor part, `UP` UPC, `IN` buyer item, … */
  qualifier: z.string(),
  value: z.string(),
});
export type ProductId = z.infer<typeof ProductIdZ>;

export const ContactZ = z.object({
  function: z.string(),
  name: z.string().optional(),
  channels: z.array(z.object({ qualifier: z.string(), value: z.string() })),
});
export type Contact = z.infer<typeof ContactZ>;

export const PartyZ = z.object({
  /** Entity identifier code (N101): `ST` ship-to, `BT` bill-to, `BY` buyer, `VN` vendor, `SF` ship-from, … */
  role: z.string(),
  name: z.string().optional(),
  idQualifier: z.string().optional(),
  id: z.string().optional(),
  addressLines: z.array(z.string()),
  city: z.string().optional(),
  state: z.string().optional(),
  postalCode: z.string().optional(),
  country: z.string().optional(),
  contacts: z.array(ContactZ),
  /** N2 additional name lines. */
  additionalNames: z.array(z.string()).optional(),
  /** REF segments inside the party's N1 loop. */
  references: z.array(ReferenceZ).optional(),
});
export type Party = z.infer<typeof PartyZ>;

export const ScheduleZ = z.object({
  quantity: z.number(),
  unitOfMeasure: z.string().optional(),
  /** SCH05/SCH06 date qualifier and date. */
  dateQualifier: z.string().optional(),
  date: z.string().optional(),
});
export type Schedule = z.infer<typeof ScheduleZ>;

export const CarrierZ = z.object({
  /** TD501 routing sequence code (element 133): `B` origin carrier, … */
  routingSequence: z.string().optional(),
  /** TD5 routing sequence, SCAC (TD503), transport method (TD504), routing text (TD505). */
  scac: z.string().optional(),
  transportMethod: z.string().optional(),
  routing: z.string().optional(),
  serviceLevel: z.string().optional(),
});
export type Carrier = z.infer<typeof CarrierZ>;

/** FOB shipment method of payment and the point where title passes. */
export const FobZ = z.object({
  /** FOB01 shipment method of payment: `CC` collect, `PP` prepaid, `PC` prepaid and charged, `DF` defined by buyer and seller, … */
  paymentMethod: z.string(),
  /** FOB02 location qualifier (`OR` origin, `DE` destination, …) and FOB03 description. */
  locationQualifier: z.string().optional(),
  location: z.string().optional(),
  /** FOB05 transportation terms code (Incoterms, e.g. `FOB`, `CIF`) when given. */
  transportationTerms: z.string().optional(),
  /** FOB06 location qualifier and FOB07 description of where title passes. */
  titleLocationQualifier: z.string().optional(),
  titleLocation: z.string().optional(),
  /** FOB08 risk of loss code and FOB09 description. */
  riskOfLossCode: z.string().optional(),
  riskOfLoss: z.string().optional(),
});
export type Fob = z.infer<typeof FobZ>;

/** ITD terms of sale. */
export const TermsZ = z.object({
  /** ITD01 terms type code: `01` basic, `05` discount not applicable, `14` previously agreed, … */
  typeCode: z.string().optional(),
  /** ITD02 terms basis date code: `3` invoice date, `15` receipt of goods, … */
  basisDateCode: z.string().optional(),
  discountPercent: z.number().optional(),
  discountDueDate: z.string().optional(),
  discountDays: z.number().optional(),
  netDueDate: z.string().optional(),
  netDays: z.number().optional(),
  discountAmount: z.number().optional(),
  description: z.string().optional(),
});
export type Terms = z.infer<typeof TermsZ>;

/** SAC allowance or charge. */
export const AllowanceChargeZ = z.object({
  /** SAC01 `A` allowance, `C` charge, `N` no allowance or charge. */
  indicator: z.string(),
  /** SAC02 service/promotion/allowance/charge code, e.g. `D240` freight, `C310` discount. */
  code: z.string().optional(),
  amount: z.number().optional(),
  percent: z.number().optional(),
  rate: z.number().optional(),
  quantity: z.number().optional(),
  unitOfMeasure: z.string().optional(),
  /** SAC12 method of handling: `02` off invoice, `06` charge to be paid by customer, … */
  handling: z.string().optional(),
  description: z.string().optional(),
});
export type AllowanceCharge = z.infer<typeof AllowanceChargeZ>;

/** AMT monetary amount. */
export const AmountZ = z.object({
  /** AMT01 amount qualifier: `TT` total transaction amount, `1` line item total, `GV` gross value, … */
  qualifier: z.string(),
  amount: z.number(),
});
export type Amount = z.infer<typeof AmountZ>;

/** PO4 item physical details: how the ordered unit is packed. */
export const PackDetailZ = z.object({
  /** PO401 number of inner units per outer pack. */
  pack: z.number().optional(),
  /** PO402 size of each inner unit, PO403 its unit. */
  size: z.number().optional(),
  sizeUnit: z.string().optional(),
  /** PO404 packaging code, e.g. `CTN25`, `PLT94`. */
  packagingCode: z.string().optional(),
  weightQualifier: z.string().optional(),
  grossWeight: z.number().optional(),
  weightUnit: z.string().optional(),
  /** PO414 inner pack. */
  innerPack: z.number().optional(),
});
export type PackDetail = z.infer<typeof PackDetailZ>;

/** SLN sub-line (component, included or substituted item) of an order line. */
export const SubLineZ = z.object({
  /** SLN01 assigned id and SLN02 the id of the line it belongs to. */
  lineNumber: z.string(),
  parentLineNumber: z.string().optional(),
  /** SLN03 relationship: `I` included, `A` add, `D` delete, `S` substituted. */
  relationship: z.string(),
  quantity: z.number().optional(),
  /** SLN05 (C001) first component. */
  unitOfMeasure: z.string().optional(),
  unitPrice: z.number().optional(),
  priceBasis: z.string().optional(),
  productIds: z.array(z.object({ qualifier: z.string(), value: z.string() })),
  description: z.string().optional(),
});
export type SubLine = z.infer<typeof SubLineZ>;

/** Fields common to an order line in 850 PO1, 855 PO1 and 860/865 POC. */
const LineCoreZ = z.object({
  /** PO101 / POC01 assigned identification (line number as sent). */
  lineNumber: z.string().optional(),
  quantity: z.number().optional(),
  unitOfMeasure: z.string().optional(),
  unitPrice: z.number().optional(),
  /** PO105 basis of unit price code. */
  priceBasis: z.string().optional(),
  productIds: z.array(ProductIdZ),
  description: z.string().optional(),
  dates: z.array(DateRefZ),
  schedules: z.array(ScheduleZ),
  references: z.array(ReferenceZ),
  notes: z.array(z.string()),
  /** Line-level ship-to or other parties (N1 loop inside the line). */
  parties: z.array(PartyZ),
  /** PO4 pack details. */
  pack: PackDetailZ.optional(),
  /** SLN sub-lines. */
  subLines: z.array(SubLineZ).optional(),
  /** Line-level SAC allowances and charges. */
  allowancesCharges: z.array(AllowanceChargeZ).optional(),
});

export const PurchaseOrderLineZ = LineCoreZ;
export type PurchaseOrderLine = z.infer<typeof PurchaseOrderLineZ>;

const HeaderCoreZ = z.object({
  /** ST02 transaction set control number. */
  controlNumber: z.string(),
  currency: z.string().optional(),
  references: z.array(ReferenceZ),
  dates: z.array(DateRefZ),
  parties: z.array(PartyZ),
  contacts: z.array(ContactZ),
  notes: z.array(z.string()),
  /** Header FOB (shipment method of payment). */
  fob: FobZ.optional(),
  /** Header ITD terms of sale. */
  terms: z.array(TermsZ).optional(),
  /** Header TD5 routing / carrier details. */
  carriers: z.array(CarrierZ).optional(),
  /** Header SAC allowances and charges. */
  allowancesCharges: z.array(AllowanceChargeZ).optional(),
  /** AMT amounts (header and summary). */
  amounts: z.array(AmountZ).optional(),
  /** CTT01 number of line items as sent, for cross-checking. */
  lineItemCount: z.number().optional(),
});

/** 850 Purchase Order. */
export const PurchaseOrderZ = HeaderCoreZ.extend({
  type: z.literal('850'),
  /** BEG01 transaction set purpose: `00` original, `01` cancellation, `05` replace, `06` confirmation, … */
  purpose: z.string(),
  /** BEG02 purchase order type: `SA` stand-alone, `RL` release, `RO` rush, `DS` drop ship, `NE` new, … */
  orderType: z.string(),
  purchaseOrderNumber: z.string(),
  releaseNumber: z.string().optional(),
  orderDate: z.string().optional(),
  /** BEG06 contract number. */
  contractNumber: z.string().optional(),
  lines: z.array(PurchaseOrderLineZ),
  /** CTT01 number of line items as sent, for cross-checking. */
  lineItemCount: z.number().optional(),
});
export type PurchaseOrder = z.infer<typeof PurchaseOrderZ>;

/** 860 change line (POC). */
export const OrderChangeLineZ = LineCoreZ.extend({
  /** POC02 change or response type code: `AI` add item, `DI` delete item, `QI`/`QD` quantity increase/decrease, `PC` price change, `CA` changes to line items, `RZ` replace all values, … */
  changeType: z.string(),
  /** POC04 quantity left to receive. */
  quantityLeftToReceive: z.number().optional(),
});
export type OrderChangeLine = z.infer<typeof OrderChangeLineZ>;

/** 860 Purchase Order Change Request – Buyer Initiated. */
export const OrderChangeZ = HeaderCoreZ.extend({
  type: z.literal('860'),
  /** BCH01: `01` cancellation, `04` change, `05` replace, … */
  purpose: z.string(),
  orderType: z.string(),
  purchaseOrderNumber: z.string(),
  releaseNumber: z.string().optional(),
  /** BCH05 change order sequence number. */
  changeSequence: z.string().optional(),
  orderDate: z.string().optional(),
  /** BCH11 purchase order change request date. */
  changeDate: z.string().optional(),
  lines: z.array(OrderChangeLineZ),
});
export type OrderChange = z.infer<typeof OrderChangeZ>;

/** One FST forecast quantity. */
export const ForecastQuantityZ = z.object({
  quantity: z.number(),
  /** FST02 forecast qualifier: `C` firm, `D` planning, `A` immediate, `B` pilot/prototype, `Z` mutually defined. */
  forecastQualifier: z.string(),
  /** FST03 timing qualifier: `D` discrete, `W` weekly, `M` monthly, `F` flexible interval, `Q` quarterly, … */
  timingQualifier: z.string(),
  startDate: z.string(),
  endDate: z.string().optional(),
  /** SDP calendar pattern and time, when the partner ships by pattern. */
  calendarPattern: z.string().optional(),
  shipTime: z.string().optional(),
});
export type ForecastQuantity = z.infer<typeof ForecastQuantityZ>;

export const PlanningItemZ = z.object({
  /** LIN01 assigned identification. */
  lineNumber: z.string().optional(),
  productIds: z.array(ProductIdZ),
  unitOfMeasure: z.string().optional(),
  description: z.string().optional(),
  parties: z.array(PartyZ),
  references: z.array(ReferenceZ),
  forecasts: z.array(ForecastQuantityZ),
  /** ATH resource authorizations (fab/material), cumulative quantity and through-date. */
  authorizations: z.array(z.object({ type: z.string(), quantity: z.number().optional(), endDate: z.string().optional(), cumulativeQuantity: z.number().optional(), startDate: z.string().optional() })),
  /** SHP shipped/received quantities. */
  shipped: z.array(z.object({ qualifier: z.string().optional(), quantity: z.number().optional(), dateQualifier: z.string().optional(), date: z.string().optional(), endDate: z.string().optional() })),
  /** Item-level DTM dates. */
  dates: z.array(DateRefZ).optional(),
});
export type PlanningItem = z.infer<typeof PlanningItemZ>;

/** 830 Planning Schedule with Release Capability. */
export const PlanningScheduleZ = HeaderCoreZ.extend({
  type: z.literal('830'),
  /** BFR01 purpose: `00` original, `05` replace, … */
  purpose: z.string(),
  referenceId: z.string().optional(),
  releaseNumber: z.string().optional(),
  /** BFR04 schedule type: `DL` delivery based, `SH` shipment based, … */
  scheduleType: z.string().optional(),
  /** BFR05 quantity qualifier: `A` actual discrete, `C` cumulative. */
  quantityType: z.string().optional(),
  horizonStart: z.string().optional(),
  horizonEnd: z.string().optional(),
  generatedDate: z.string().optional(),
  /** BFR10 contract number, BFR11 purchase order number. */
  contractNumber: z.string().optional(),
  purchaseOrderNumber: z.string().optional(),
  items: z.array(PlanningItemZ),
});
export type PlanningSchedule = z.infer<typeof PlanningScheduleZ>;

/** One ACK line status. */
export const LineAckZ = z.object({
  /** ACK01 line item status: `IA` accepted, `IB` back-ordered, `IC` accepted with changes, `IQ` quantity changed, `IR` rejected, `DR` date rescheduled, `IP` price changed, … */
  status: z.string(),
  quantity: z.number().optional(),
  unitOfMeasure: z.string().optional(),
  /** ACK04 date/time qualifier: `068` current schedule ship, `067` current schedule delivery, … */
  dateQualifier: z.string().optional(),
  date: z.string().optional(),
});
export type LineAck = z.infer<typeof LineAckZ>;

/** CTP pricing information: the price of a line in a stated unit. */
export const PricingZ = z.object({
  /** CTP02 price identifier code (element 236), e.g. `CON` contract price, `NET` net item price. */
  identifier: z.string(),
  /** CTP03 unit price. */
  unitPrice: z.number(),
  /** CTP04 quantity and CTP05 (C001) its unit, the basis the price is stated for. */
  quantity: z.number().optional(),
  unitOfMeasure: z.string().optional(),
});
export type Pricing = z.infer<typeof PricingZ>;

export const AcknowledgedLineZ = LineCoreZ.extend({
  acks: z.array(LineAckZ),
  /** CTP segments of the line (the confirmed price in the confirmed unit). */
  prices: z.array(PricingZ).optional(),
});
export type AcknowledgedLine = z.infer<typeof AcknowledgedLineZ>;

/** 855 Purchase Order Acknowledgment. */
export const OrderAcknowledgmentZ = HeaderCoreZ.extend({
  type: z.literal('855'),
  /** BAK01 purpose: `00` original, `05` replace, `06` confirmation, … */
  purpose: z.string(),
  /** BAK02 acknowledgment type: `AC` with detail and change, `AD` with detail no change, `AK` no detail, `RD` rejected with detail, `RJ` rejected no detail, … */
  acknowledgmentType: z.string(),
  purchaseOrderNumber: z.string(),
  orderDate: z.string().optional(),
  releaseNumber: z.string().optional(),
  acknowledgmentDate: z.string().optional(),
  /** BAK06 request reference number. */
  requestReference: z.string().optional(),
  /** BAK07 contract number. */
  contractNumber: z.string().optional(),
  /** BAK08 seller's order number (reference identification). */
  sellerOrderNumber: z.string().optional(),
  lines: z.array(AcknowledgedLineZ),
});
export type OrderAcknowledgment = z.infer<typeof OrderAcknowledgmentZ>;

export const ChangeAcknowledgedLineZ = OrderChangeLineZ.extend({ acks: z.array(LineAckZ) });
export type ChangeAcknowledgedLine = z.infer<typeof ChangeAcknowledgedLineZ>;

/** 865 Purchase Order Change Acknowledgment/Request – Seller Initiated. */
export const ChangeAcknowledgmentZ = HeaderCoreZ.extend({
  type: z.literal('865'),
  purpose: z.string(),
  /** BCA02 acknowledgment type (as BAK02). */
  acknowledgmentType: z.string(),
  purchaseOrderNumber: z.string(),
  releaseNumber: z.string().optional(),
  changeSequence: z.string().optional(),
  orderDate: z.string().optional(),
  acknowledgmentDate: z.string().optional(),
  /** BCA09 seller's reference (reference identification). */
  sellerOrderNumber: z.string().optional(),
  lines: z.array(ChangeAcknowledgedLineZ),
});
export type ChangeAcknowledgment = z.infer<typeof ChangeAcknowledgmentZ>;

export const ShippedItemZ = z.object({
  lineNumber: z.string().optional(),
  productIds: z.array(ProductIdZ),
  quantityShipped: z.number().optional(),
  unitOfMeasure: z.string().optional(),
  quantityOrdered: z.number().optional(),
  description: z.string().optional(),
});
export type ShippedItem = z.infer<typeof ShippedItemZ>;


export const PackagingZ = z.object({
  packagingCode: z.string().optional(),
  ladingQuantity: z.number().optional(),
  weightQualifier: z.string().optional(),
  weight: z.number().optional(),
  weightUnit: z.string().optional(),
});
export type Packaging = z.infer<typeof PackagingZ>;

/** One HL level of an 856 (S shipment, O order, T tare, P pack, I item, …) and what hangs below it. */
export interface ShipNoticeNode {
  /** HL01 hierarchical id. */
  id: string;
  /** HL02 parent id. */
  parentId?: string;
  /** HL03 level code: `S` shipment, `O` order, `T` tare, `P` pack, `I` item. */
  level: string;
  purchaseOrderNumber?: string;
  purchaseOrderDate?: string;
  /** MAN GM (SSCC-18) labels and other marks. */
  marks: { qualifier: string; value: string }[];
  item?: ShippedItem;
  packaging: z.infer<typeof PackagingZ>[];
  carriers: z.infer<typeof CarrierZ>[];
  references: Reference[];
  dates: DateRef[];
  parties: Party[];
  children: ShipNoticeNode[];
}
export const ShipNoticeNodeZ: z.ZodType<ShipNoticeNode> = z.lazy(() =>
  z.object({
    id: z.string(),
    parentId: z.string().optional(),
    level: z.string(),
    purchaseOrderNumber: z.string().optional(),
    purchaseOrderDate: z.string().optional(),
    marks: z.array(z.object({ qualifier: z.string(), value: z.string() })),
    item: ShippedItemZ.optional(),
    packaging: z.array(PackagingZ),
    carriers: z.array(CarrierZ),
    references: z.array(ReferenceZ),
    dates: z.array(DateRefZ),
    parties: z.array(PartyZ),
    children: z.array(ShipNoticeNodeZ),
  }),
);

/** 856 Ship Notice/Manifest. */
export const ShipNoticeZ = z.object({
  type: z.literal('856'),
  controlNumber: z.string(),
  /** BSN01 purpose. */
  purpose: z.string(),
  shipmentId: z.string(),
  shipDate: z.string().optional(),
  shipTime: z.string().optional(),
  /** BSN05 hierarchical structure code, e.g. `0001` S-O-P-I. */
  structureCode: z.string().optional(),
  /** Header DTM dates (before the first HL). */
  dates: z.array(DateRefZ).optional(),
  /** HL roots (normally one S level) with their subtrees. */
  hierarchy: z.array(ShipNoticeNodeZ),
  lineItemCount: z.number().optional(),
});
export type ShipNotice = z.infer<typeof ShipNoticeZ>;

/** One 810 IT1 line: what was shipped, at the confirmed price. */
export const InvoiceLineZ = z.object({
  /** IT101 assigned identification: the order's line number. */
  lineNumber: z.string().optional(),
  /** IT102 quantity invoiced, IT103 its unit, IT104 unit price, IT105 basis. */
  quantity: z.number().optional(),
  unitOfMeasure: z.string().optional(),
  unitPrice: z.number().optional(),
  priceBasis: z.string().optional(),
  /** IT106… product id pairs, as the 850 carried them. */
  productIds: z.array(ProductIdZ),
  description: z.string().optional(),
});
export type InvoiceLine = z.infer<typeof InvoiceLineZ>;

/** 810 Invoice. */
export const InvoiceZ = HeaderCoreZ.extend({
  type: z.literal('810'),
  /** BIG01 invoice date, BIG02 invoice number. */
  invoiceDate: z.string().optional(),
  invoiceNumber: z.string(),
  /** BIG03 purchase order date, BIG04 purchase order number, BIG05 release number. */
  orderDate: z.string().optional(),
  purchaseOrderNumber: z.string().optional(),
  releaseNumber: z.string().optional(),
  lines: z.array(InvoiceLineZ),
  /** TDS01 total invoice amount (the sum of the lines, in the currency's units; written in cents, N2). */
  totalAmount: z.number().optional(),
});
export type Invoice = z.infer<typeof InvoiceZ>;

export const ElementErrorZ = z.object({
  /** AK401 element position (and component position). */
  position: z.number(),
  componentPosition: z.number().optional(),
  repetition: z.number().optional(),
  elementReference: z.string().optional(),
  /** AK403 data element syntax error code. */
  code: z.string(),
  value: z.string().optional(),
  /** The partner's guide rule that found it (a 999 reports it with its implementation code, a 997 as is). */
  guideRule: z.string().optional(),
});
export const SegmentErrorZ = z.object({
  segmentId: z.string(),
  position: z.number(),
  loopId: z.string().optional(),
  /** AK304 segment syntax error code. */
  code: z.string().optional(),
  /** The partner's guide rule that found it, when it is a segment-level guide finding. */
  guideRule: z.string().optional(),
  elementErrors: z.array(ElementErrorZ),
});
export const SetResponseZ = z.object({
  /** AK201 / AK202 / AK203. */
  setId: z.string(),
  controlNumber: z.string(),
  conventionReference: z.string().optional(),
  segmentErrors: z.array(SegmentErrorZ),
  /** AK501: `A` accepted, `E` accepted with errors, `R` rejected, … */
  status: z.string(),
  /** AK502–AK506 set syntax error codes. */
  errorCodes: z.array(z.string()),
});
export type SetResponse = z.infer<typeof SetResponseZ>;

/** 997 Functional Acknowledgment. */
export const FunctionalAcknowledgmentZ = z.object({
  type: z.literal('997'),
  controlNumber: z.string(),
  /** AK101 functional id and AK102 group control number of the acknowledged group; AK103 version (005010). */
  group: z.object({ functionalId: z.string(), controlNumber: z.string(), version: z.string().optional() }),
  sets: z.array(SetResponseZ),
  /** AK901 `A` accepted, `E` accepted with errors, `P` partially accepted, `R` rejected. */
  status: z.string(),
  includedSets: z.number(),
  receivedSets: z.number(),
  acceptedSets: z.number(),
  /** AK905–AK909 group syntax error codes. */
  errorCodes: z.array(z.string()),
});
export type FunctionalAcknowledgment = z.infer<typeof FunctionalAcknowledgmentZ>;

/** Any transaction set we do not map: envelope facts only. */
export const UnsupportedDocumentZ = z.object({
  type: z.string(),
  controlNumber: z.string(),
});

export type TypedDocument =
  | PurchaseOrder
  | OrderChange
  | PlanningSchedule
  | OrderAcknowledgment
  | ChangeAcknowledgment
  | ShipNotice
  | Invoice
  | FunctionalAcknowledgment;

export const TypedDocumentZ = z.discriminatedUnion('type', [
  PurchaseOrderZ,
  OrderChangeZ,
  PlanningScheduleZ,
  OrderAcknowledgmentZ,
  ChangeAcknowledgmentZ,
  ShipNoticeZ,
  InvoiceZ,
  FunctionalAcknowledgmentZ,
]);
