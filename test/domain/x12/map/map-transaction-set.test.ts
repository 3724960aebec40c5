import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { mapTransactionSet, MAPPED_SET_IDS } from '#domain/x12/map/map-transaction-set.ts';
import { TypedDocumentZ } from '#schemas/documents/x12-documents.ts';
import type { Segment } from '#domain/x12/types.ts';
import { CORPUS_DIR, corpusSets, firstCorpusSet } from './support.ts';
import { HAS_CORPUS, NEEDS_CORPUS } from '../../../support/shared-dir.ts';

const delimiters = { element: '*', component: ':', segment: '~', repetition: '^' };

describe.skipIf(!HAS_CORPUS)(`mapTransactionSet ${NEEDS_CORPUS}`, () => {
  it.each([
    ['850', '850/nodex12-850-vics.edi'],
    ['860', '860/oop-860-retailer.edi'],
    ['830', '830/bots-830-safeway-ucs.edi'],
    ['855', '855/staedi-855-multi-st.edi'],
    ['865', 'other/oop-865-tyco.edi'],
    ['856', '856/bots-856-sopi-retail.edi'],
    ['997', '997/edifabric-997-reject.edi'],
  ])('maps a %s by its ST01 to the document of that type', (setId, path) => {
    const set = firstCorpusSet(path);
    expect(mapTransactionSet(setId, set.segments, set.delimiters)?.type).toBe(setId);
  });

  it('returns undefined for set ids it does not map', () => {
    const set = firstCorpusSet('810/oop-810-walmart.edi');
    expect(mapTransactionSet('846', set.segments, set.delimiters)).toBeUndefined();
    expect(mapTransactionSet('810', set.segments, set.delimiters)?.type).toBe('810');
    expect(mapTransactionSet('', [], delimiters)).toBeUndefined();
    expect(mapTransactionSet('940', [], delimiters)).toBeUndefined();
  });

  it('maps every supported set of the whole corpus to a schema-valid document', () => {
    let mapped = 0;
    for (const dir of readdirSync(CORPUS_DIR).filter((d) => !d.endsWith('.tsv'))) {
      for (const file of readdirSync(`${CORPUS_DIR}/${dir}`)) {
        let sets;
        try {
          sets = corpusSets(`${dir}/${file}`);
        } catch {
          continue; // not X12 at all (corrupt ISA, garbage): the reader's concern
        }
        for (const set of sets) {
          const document = mapTransactionSet(set.setId, set.segments, set.delimiters);
          if (!MAPPED_SET_IDS.includes(set.setId)) {
            expect(document).toBeUndefined();
            continue;
          }
          const parsed = TypedDocumentZ.safeParse(document);
          expect(parsed.success, `${dir}/${file} ${set.setId} ${set.controlNumber}`).toBe(true);
          mapped++;
        }
      }
    }
    expect(mapped).toBeGreaterThan(100);
  });

  it('keeps two sets of one file independent (no state shared between calls)', () => {
    const [first, second] = corpusSets('855/staedi-855-multi-st.edi');
    if (first === undefined || second === undefined) throw new Error('two sets expected');
    const a = mapTransactionSet(first.setId, first.segments, first.delimiters);
    mapTransactionSet(second.setId, second.segments, second.delimiters);
    expect(a).toMatchObject({ purchaseOrderNumber: 'ORDER1' });
  });
});

describe('mapTransactionSet', () => {
  it('tolerates a padded set id', () => {
    expect(mapTransactionSet(' 850 ', [], delimiters)?.type).toBe('850');
  });

  it('never throws and always yields a schema-valid document for arbitrary segments of the mapped sets', () => {
    const tags = ['ST', 'BEG', 'BCH', 'BAK', 'BCA', 'BFR', 'BSN', 'PO1', 'POC', 'ACK', 'PID', 'PO4', 'SCH', 'SLN', 'DTM', 'REF', 'N9', 'MSG', 'NTE', 'PER', 'N1', 'N2', 'N3', 'N4', 'CUR', 'FOB', 'ITD', 'TD1', 'TD5', 'SAC', 'AMT', 'CTT', 'LIN', 'UIT', 'FST', 'SDP', 'ATH', 'SHP', 'HL', 'SN1', 'PRF', 'MAN', 'AK1', 'AK2', 'AK3', 'AK4', 'AK5', 'AK9', 'SE', 'ZZZ'];
    const element = fc.oneof(fc.constantFrom('', ' ', '1', '2', 'S', 'O', 'I', 'EA', '20240105', '240105', '12.5', '-3', '2:1', 'A^B', 'x:y:z'), fc.string({ maxLength: 6 }));
    const segment: fc.Arbitrary<Segment> = fc.record({ tag: fc.constantFrom(...tags), elements: fc.array(element, { maxLength: 12 }) });
    fc.assert(
      fc.property(fc.constantFrom(...MAPPED_SET_IDS), fc.array(segment, { maxLength: 40 }), (setId, segments) => {
        const document = mapTransactionSet(setId, segments, delimiters);
        expect(TypedDocumentZ.safeParse(document).success).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
