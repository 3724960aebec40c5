/**
 * The reader on real partner files (the shared corpus, `CORPUS_DIR` in `test/support/shared-dir.ts`):
 * what a correct reader must conclude, asserted on values read from the files. Skipped when the
 * shared corpus is not beside the repo.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeX12, translateText } from '../../../functions/domain/x12/translate.ts';
import { NotX12Error } from '../../../functions/domain/x12/types.ts';
import type { TranslationResult } from '../../../functions/domain/x12/translation-types.ts';
import { CORPUS_DIR, HAS_CORPUS, NEEDS_CORPUS } from '../../support/shared-dir.ts';

const read = (file: string): TranslationResult => translateText(decodeX12(readFileSync(join(CORPUS_DIR, file))));
const errorCodes = (r: TranslationResult) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

describe.skipIf(!HAS_CORPUS)(`translate on real partner files ${NEEDS_CORPUS}`, () => {
  it('reads a VICS 850 with its envelope facts, PO number and lines, and owes an accepting 997', () => {
    const r = read('850/nodex12-850-vics.edi');
    expect(r.interchanges).toHaveLength(1);
    const isa = r.interchanges[0]!;
    expect([isa.controlNumber, isa.senderQualifier, isa.senderId, isa.version]).toEqual(['000003438', '12', '4405197800', '00400']);
    expect(isa.groups[0]!.version).toBe('004010VICS');
    expect(isa.groups[0]!.acknowledgment.status).toBe('A');
    const doc = r.documents[0]!;
    expect([doc.type, doc.purchaseOrderNumber, doc.accepted]).toEqual(['850', '08292233294', true]);
    expect(doc.document?.type === '850' && doc.document.lines[0]).toMatchObject({ quantity: 120, unitOfMeasure: 'EA', unitPrice: 9.25 });
    expect(errorCodes(r)).toEqual([]);
  });

  it('reports a missing ISA16, a dropped terminator and duplicate ST02s in a malformed flooring PO', () => {
    const r = read('850/edinet-850-missing-isa16.edi');
    expect(r.documents.map((d) => d.purchaseOrderNumber)).toEqual(['740150', '740151']);
    expect(errorCodes(r)).toEqual(['TA1-027', 'AK5-23']);
    expect(r.diagnostics.some((d) => d.code === 'W-terminator' && d.message.includes('DTM'))).toBe(true);
    expect(r.interchanges[0]!.envelopeRejected).toBe(true);
  });

  it('finds SE02, GE02 and IEA02 control numbers that do not match their headers', () => {
    const r = read('other/ediengine-control-mismatch.edi');
    expect(errorCodes(r).sort()).toEqual(['AK5-3', 'AK9-4', 'TA1-001']);
    const ack = r.interchanges[0]!.groups[0]!.acknowledgment;
    expect(ack.status).toBe('R');
    expect(ack.errorCodes).toContain('4');
  });

  it('rejects duplicate group and set control numbers in one interchange', () => {
    const r = read('850/bots-850-jit-multi-st.edi');
    expect(r.documents).toHaveLength(4);
    // A duplicate GS06 is AK905 19 ("not unique within interchange"), the precise code, not 6.
    expect(errorCodes(r).sort()).toEqual(['AK5-23', 'AK5-23', 'AK9-19']);
  });

  it('recovers after a corrupted ST: the broken set is reported, its neighbour is read', () => {
    const r = read('other/edifabric-corrupt-st.edi');
    expect(r.documents.map((d) => [d.type, d.controlNumber, d.accepted])).toEqual([['850', '0001', true]]);
    expect(errorCodes(r).sort()).toEqual(['AK5-6', 'AK9-5']);
  });

  it('counts a GE01 that claims more sets than the group holds (AK905 5)', () => {
    const r = read('855/edifabric-855-kohls.edi');
    expect(errorCodes(r)).toEqual(['AK9-5']);
    expect(r.interchanges[0]!.groups[0]!.acknowledgment.errorCodes).toEqual(['5']);
  });

  it('reads forty back-to-back interchanges on one line, each with its own 997 group', () => {
    const r = read('997/flextronics-997-mailbag.edi');
    expect(r.interchanges).toHaveLength(40);
    expect(r.documents.every((d) => d.type === '997')).toBe(true);
  });

  it('reads a space-terminated, indented Adobe PO without splitting names at spaces', () => {
    const r = read('850/oop-850-adobe-shrinkwrap.edi');
    const po = r.documents[0]!.document;
    expect(po?.type === '850' && po.parties[0]?.name).toBe('SOLD TO Org Name');
    expect(r.documents[0]!.purchaseOrderNumber).toBe('MH80312');
  });

  it('keeps envelope facts for an unsupported set and warns instead of failing', () => {
    // The 810 is supported (we send invoices); the same file under an unsupported set id (846) is not.
    const text = decodeX12(readFileSync(join(CORPUS_DIR, '810/edinet-810-ariba-unpadded.edi'))).replace('ST*810*', 'ST*846*').replace('GS*IN*', 'GS*IB*');
    const r = translateText(text);
    expect(r.documents.map((d) => [d.type, d.supported])).toEqual([['846', false]]);
    expect(r.diagnostics.find((d) => d.code === 'W-unsupported-set')?.severity).toBe('warning');
    expect([r.interchanges[0]!.senderId, r.interchanges[0]!.receiverId]).toEqual(['ABCMUSICSUPPLY', 'ARIBAEDI']);
  });

  it('reads the Ariba 810 as an invoice', () => {
    const r = read('810/edinet-810-ariba-unpadded.edi');
    expect(r.documents.map((d) => [d.type, d.supported])).toEqual([['810', true]]);
    expect(r.documents[0]?.document).toMatchObject({ type: '810', invoiceNumber: 'DO091003TESTINV01', purchaseOrderNumber: 'DO091003', currency: 'USD' });
  });

  it('reads a pre-004010 set with the 004010 dictionary and says so', () => {
    const r = read('856/oop-856-3060.edi');
    expect(r.diagnostics.find((d) => d.code === 'W-version')?.message).toContain('003060');
    expect(errorCodes(r)).toEqual([]);
  });

  it('does not take a trimmed ISA without trailer for a complete interchange', () => {
    const r = read('other/gtl-isa-trimmed.edi');
    expect(errorCodes(r)).toEqual(['TA1-023']);
    expect(r.diagnostics.filter((d) => d.code === 'W-isa-padding').map((d) => d.elementPosition)).toEqual([2, 4, 6, 8]);
  });

  it('throws NotX12Error only for files that are not X12 at all', () => {
    expect(() => read('other/ediengine-nonedi.edi')).toThrow(NotX12Error);
    expect(() => read('other/edifabric-corrupt-isa.edi')).toThrow(NotX12Error);
  });
});
