import type { TypedDocument } from '#schemas/documents/x12-documents.ts';
import type { ControlNumbers, EnvelopeSettings, Segment } from '../types.ts';
import { controlNumberAt, elementDefAt, segment, setControlNumber, type BuildOptions } from './elements.ts';
import { isX12Date, isX12Time, shortX12Date } from '../x12-dates.ts';
import { InvalidDocumentError } from './errors.ts';
import { checkDelimiters, serializeSegment, serializeSegments, type ActiveDelimiters } from './serialize.ts';
import { FUNCTIONAL_GROUP_BY_SET, IMPLEMENTATION_ACK_SCHEMA, isSupportedSet, type SchemaVersion } from '#schemas/x12/registry.ts';
import { SET_HANDLERS, type DocumentOf } from '../set-registry.ts';

/** The moment written into ISA09/ISA10 and GS04/GS05 (an input: the domain has no clock). */
export interface WriteTime {
  /** `CCYYMMDD`. */
  date: string;
  /** `HHMM` (or `HHMMSS`; ISA10 takes the first four digits, GS05 all of them). */
  time: string;
}

/** GS01 of a supported transaction set id, from the set registry (X12 element 479: 855 → PR, 856 → SH, 865 → CA, 997 → FA, …). */
export function functionalIdOf(setId: string): string {
  const id = isSupportedSet(setId) ? FUNCTIONAL_GROUP_BY_SET[setId] : setId === IMPLEMENTATION_ACK_SCHEMA.id ? IMPLEMENTATION_ACK_SCHEMA.functionalGroup : undefined;
  if (id === undefined) throw new InvalidDocumentError(`no functional group id known for transaction set ${setId}`, 'GS01');
  return id;
}

/** Options of `writeInterchange`. */
export interface WriteInterchangeOptions {
  /** TA1 segments to send between ISA and the first GS (an interchange may hold only TA1s). */
  ta1?: readonly Segment[];
}

/**
 * Writes one interchange: ISA, optional TA1s, one GS … GE per functional group, IEA.
 *
 * - ISA (fixed width, 106 characters with the terminator): ISA01/03 `00` with ISA02/04 ten spaces,
 *   ISA05-ISA08 qualifiers and ids (ids padded with spaces to 15), ISA09 `YYMMDD`, ISA10 `HHMM`,
 *   ISA11 `U` for 004010 or the repetition separator for 005010, ISA12 `00401`/`00501`, ISA13 the
 *   interchange control number zero-padded to 9, ISA14 `1` when a TA1 is requested else `0`,
 *   ISA15 `P`/`T`, ISA16 the component separator.
 * - GS: GS01 from the sets' ST01 (all sets of a group must share it), GS02/GS03 application codes
 *   (default: the ISA ids), GS04 `CCYYMMDD`, GS05 time, GS06 `numbers.group` + group index,
 *   GS07 `X`, GS08 version + suffix (e.g. `004010VICS`). GE01 sets in the group, GE02 = GS06.
 * - ST02/SE02 are stamped here, whatever the builder was given: `numbers.firstSet` incremented per
 *   set across the interchange, zero-padded to 4; SE01 must already match the set's segment count.
 * - IEA01 the number of groups, IEA02 = ISA13.
 *
 * @param groups one array of transaction sets (each ST … SE) per functional group.
 * @throws InvalidDocumentError when settings, numbers or a segment cannot be written as valid X12,
 *   including a delimiter inside a non-free-text value (see `serializeSegment`).
 */
export function writeInterchange(
  groups: readonly (readonly (readonly Segment[])[])[],
  settings: EnvelopeSettings,
  numbers: ControlNumbers,
  now: WriteTime,
  options: WriteInterchangeOptions = {},
): string {
  const v5 = settings.version === '005010';
  const { element, component, segment: terminator } = settings.delimiters;
  const repetition = v5 ? settings.delimiters.repetition : undefined;
  if (v5 && repetition === undefined) throw new InvalidDocumentError('005010 needs a repetition separator (ISA11)', 'ISA11');
  const d: ActiveDelimiters = { element, component, segment: terminator, ...(repetition === undefined ? {} : { repetition }) };
  checkDelimiters(d);
  if (!isX12Date(now.date, 0, now.date.length, 8)) throw new InvalidDocumentError(`'${now.date}' is not a date CCYYMMDD`, 'GS04');
  if (!isX12Time(now.time) || now.time.length > 6) throw new InvalidDocumentError(`'${now.time}' is not a time HHMM`, 'GS05');
  const ta1 = options.ta1 ?? [];
  if (groups.length === 0 && ta1.length === 0) throw new InvalidDocumentError('an interchange needs a functional group or a TA1', 'IEA01');
  const version = settings.version;
  const isa13 = controlNumberAt(numbers.interchange, 'ISA', 13, version);
  const lineBreaks = settings.lineBreaks === true;

  const isaElements = [
    '00',
    ''.padEnd(elementDefAt('ISA', 2, version).min, ' '),
    '00',
    ''.padEnd(elementDefAt('ISA', 4, version).min, ' '),
    isaField(settings.senderQualifier, 5, d, version),
    isaField(settings.senderId, 6, d, version),
    isaField(settings.receiverQualifier, 7, d, version),
    isaField(settings.receiverId, 8, d, version),
    shortX12Date(now.date),
    now.time.slice(0, 4),
    repetition ?? 'U',
    v5 ? '00501' : '00401',
    isa13,
    settings.acknowledgmentRequested ? '1' : '0',
    settings.usageIndicator,
    component,
  ];
  const isa = ['ISA', ...segment('ISA', isaElements, version).elements].join(element);
  const out = [isa + terminator + (lineBreaks && terminator !== '\n' ? '\n' : '')];
  if (ta1.length > 0) out.push(serializeSegments(ta1, d, lineBreaks, version));

  let setNumber = numbers.firstSet;
  groups.forEach((sets, g) => {
    if (sets.length === 0) throw new InvalidDocumentError(`functional group ${g + 1} has no transaction sets`, 'GE01');
    const groupNumber = numbers.group + g;
    const gs06 = controlNumberAt(groupNumber, 'GS', 6, version);
    const functionalIds = new Set(sets.map((s) => functionalIdOf(s[0]?.elements[0] ?? '')));
    const [functionalId] = functionalIds;
    if (functionalId === undefined || functionalIds.size > 1) {
      throw new InvalidDocumentError(`sets of one group must share a functional id, got ${[...functionalIds].join(', ')}`, 'GS01');
    }
    const gs = segment('GS', [
      functionalId,
      settings.groupSenderId ?? settings.senderId,
      settings.groupReceiverId ?? settings.receiverId,
      now.date,
      now.time,
      gs06,
      'X',
      `${settings.version}${settings.versionSuffix ?? ''}`,
    ], version);
    const stamped = sets.map((set) => stampSet(set, setControlNumber(setNumber++)));
    const ge = segment('GE', [String(sets.length), gs06], version);
    out.push(serializeSegments([gs, ...stamped.flat(), ge], d, lineBreaks, version));
  });
  const iea = segment('IEA', [String(groups.length), isa13], version);
  out.push(serializeSegment(iea, d, version) + terminator + (lineBreaks && terminator !== '\n' ? '\n' : ''));
  return out.join('');
}

/**
 * Builds each document with its set control number and writes them as one interchange, one
 * functional group per GS01 (855 → PR, 856 → SH, 865 → CA, 997 → FA), groups in order of first
 * appearance, sets in document order within their group. GS06 and ST02 are allocated from
 * `numbers` as in `writeInterchange`.
 *
 * @throws InvalidDocumentError for a document type we do not send (850, 860, 830) or any invalid document.
 */
export function writeDocuments(docs: readonly TypedDocument[], settings: EnvelopeSettings, numbers: ControlNumbers, now: WriteTime): string {
  const byGroup = new Map<string, TypedDocument[]>();
  for (const doc of docs) {
    const id = functionalIdOf(doc.type);
    byGroup.set(id, [...(byGroup.get(id) ?? []), doc]);
  }
  const options: BuildOptions = { version: settings.version };
  let setNumber = numbers.firstSet;
  const groups = [...byGroup.values()].map((group) => group.map((doc) => buildDocument(doc, setNumber++, options)));
  return writeInterchange(groups, settings, numbers, now);
}

/** Dispatches a typed document to the writer the set registry names for its type (855, 856, 865, 997). */
export function buildDocument(doc: TypedDocument, controlNumber: string | number, options: BuildOptions = {}): Segment[] {
  // A correlated union TypeScript cannot follow: SET_HANDLERS ties each writer to its own set's document.
  const write = SET_HANDLERS[doc.type].write as ((d: DocumentOf<typeof doc.type>, c: string | number, o?: BuildOptions) => Segment[]) | undefined;
  if (write === undefined) throw new InvalidDocumentError(`we do not send ${doc.type} documents`, 'ST01');
  return write(doc, controlNumber, options);
}

function stampSet(set: readonly Segment[], control: string): Segment[] {
  const st = set[0];
  const se = set[set.length - 1];
  if (st === undefined || se === undefined || st.tag !== 'ST' || se.tag !== 'SE' || set.length < 2) {
    throw new InvalidDocumentError('a transaction set must start with ST and end with SE', 'ST');
  }
  if (se.elements[0] !== String(set.length)) {
    throw new InvalidDocumentError(`SE01 is ${se.elements[0]} but the set has ${set.length} segments`, 'SE01');
  }
  return [
    { tag: 'ST', elements: [st.elements[0] ?? '', control, ...st.elements.slice(2)] },
    ...set.slice(1, -1),
    { tag: 'SE', elements: [String(set.length), control] },
  ];
}

/**
 * A fixed-width ISA field (X12.5: every ISA element has min = max length). An ID field (ISA05
 * qualifier) must have that length; an AN field (ISA02/04 security, ISA06/08 ids) may be shorter
 * and is padded with spaces to it, the way the reader trims it.
 */
function isaField(value: string, position: number, d: ActiveDelimiters, version: SchemaVersion): string {
  const ref = `ISA${String(position).padStart(2, '0')}`;
  const def = elementDefAt('ISA', position, version);
  const min = def.type === 'AN' ? 1 : def.min;
  if (value.length < min || value.length > def.max) throw new InvalidDocumentError(`'${value}' must be ${min}-${def.max} characters`, ref);
  const reserved = [d.element, d.component, d.segment, d.repetition];
  if ([...value].some((c) => reserved.includes(c) || /[\u0000-\u001F\u007F]/.test(c))) {
    throw new InvalidDocumentError(`'${value}' contains a delimiter or control character`, ref);
  }
  return value.padEnd(def.min, ' ');
}
