/** Where the checks of one segment report to; one instance is reused for every segment of a set. */
import type { Delimiters, Diagnostic, DiagnosticCode } from '../types.ts';

export interface SegmentContext {
  out: Diagnostic[];
  delimiters: Delimiters;
  /** 1-based position within the set (ST = 1). */
  position: number;
  segmentId: string;
  loopId: string | undefined;
  /** Findings past {@link MAX_SET_FINDINGS}: counted, not kept. */
  dropped?: number;
}

/** Most findings kept per set: a set with more is refused anyway, and memory stays bounded. */
export const MAX_SET_FINDINGS = 1_000;

/** Location of a problem inside a segment; all optional. */
export interface ElementLocation {
  elementPosition?: number | undefined;
  componentPosition?: number | undefined;
  repetition?: number | undefined;
  elementReference?: string | undefined;
  value?: string | undefined;
}

/**
 * Appends one error diagnostic, omitting location fields that do not apply.
 * `segmentId`/`loopId` override the context's (`loopId: null` = no loop).
 */
export function report(
  sc: SegmentContext,
  code: DiagnosticCode,
  message: string,
  at?: ElementLocation,
  segmentId?: string,
  loopId?: string | null,
): void {
  if (sc.out.length >= MAX_SET_FINDINGS) {
    sc.dropped = (sc.dropped ?? 0) + 1;
    return;
  }
  const d: Diagnostic = {
    severity: 'error',
    code,
    message,
    segmentPosition: sc.position,
    segmentId: segmentId ?? sc.segmentId,
  };
  if (at) {
    if (at.elementPosition !== undefined) d.elementPosition = at.elementPosition;
    if (at.componentPosition !== undefined) d.componentPosition = at.componentPosition;
    if (at.repetition !== undefined) d.repetition = at.repetition;
    if (at.elementReference !== undefined) d.elementReference = at.elementReference;
    if (at.value !== undefined) d.value = at.value;
  }
  const loop = loopId === undefined ? sc.loopId : (loopId ?? undefined);
  if (loop !== undefined) d.loopId = loop;
  sc.out.push(d);
}

/** `3` → `03`: element positions are written with two digits in X12 references (`PO103`). */
export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
