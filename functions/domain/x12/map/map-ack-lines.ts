import type { Delimiters, Segment } from '../types.ts';
import type { AcknowledgedLine, ChangeAcknowledgedLine, LineAck } from '#schemas/documents/x12-documents.ts';
import { applyHeaderSegment, applyLineSegment, dateAt, decimalAt, el, elOrEmpty, readDateTime, type HeaderContext, type LineContext } from './map-common.ts';

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
 * The detail table both acknowledgments share (855 PO1 loop, 865 POC loop): each line is opened
 * by its trigger segment (`startLine`), then its ACK loops (ACK + DTM), its own segments, and
 * CTT/SE closing the table; anything before the first line belongs to the header.
 */
export class AcknowledgedLines<L extends AcknowledgedLine | ChangeAcknowledgedLine> {
  private line: LineContext | undefined;
  private acked: L | undefined;
  private ack: LineAck | undefined;

  constructor(
    private readonly header: HeaderContext,
    private readonly delimiters: Delimiters,
  ) {}

  /** A line's trigger segment was read into `acked`: later segments belong to it. */
  startLine(acked: L): void {
    this.acked = acked;
    this.line = { line: acked, party: undefined, subLine: undefined };
    this.ack = undefined;
  }

  /** Any segment other than the set's beginning segment and the line trigger. */
  read(segment: Segment): void {
    const acked = this.acked;
    switch (segment.tag) {
      case 'ACK':
        if (acked !== undefined) {
          this.ack = readLineAck(segment);
          acked.acks.push(this.ack);
        }
        return;
      case 'DTM':
        if (acked !== undefined && this.line !== undefined) {
          this.line.party = undefined;
          applyAckDate(this.ack, segment, acked.dates);
          this.ack = undefined;
        } else {
          applyHeaderSegment(this.header, segment);
        }
        return;
      case 'CTT':
      case 'SE':
        this.line = undefined;
        this.acked = undefined;
        applyHeaderSegment(this.header, segment);
        return;
      default:
        this.ack = undefined;
        if (this.line === undefined) applyHeaderSegment(this.header, segment);
        else applyLineSegment(this.line, segment, this.delimiters);
    }
  }
}
