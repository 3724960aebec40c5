import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ElementRef, StructureNode, SyntaxNote, TransactionSetSchema } from '../../../schemas/x12/schema-types.ts';
import { SUPPORTED_SETS, getEnvelopeSchema, getTransactionSetSchema } from '../../../schemas/x12/registry.ts';

const usage = z.enum(['M', 'O']);
const elementRef = z.strictObject({
  ref: z.string().regex(/^[A-Z0-9]{2,4}\d{2}$/),
  id: z.string().min(1),
  usage,
  repeat: z.number().int().min(1),
  composite: z.literal(true).optional(),
  checkCodes: z.literal(true).optional(),
});
const syntaxNote = z.strictObject({ kind: z.enum(['P', 'R', 'E', 'C', 'L']), positions: z.array(z.number().int().min(1).max(99)).min(2) });
const elementDef = z.strictObject({
  id: z.string(),
  type: z.enum(['AN', 'ID', 'R', 'DT', 'TM', 'B', 'N', 'N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9']),
  min: z.number().int().min(0),
  max: z.number().int().min(1),
  codes: z.array(z.string().min(1)).min(1).max(2000).optional(),
});
const segmentDef = z.strictObject({ id: z.string(), elements: z.array(elementRef).min(1), syntax: z.array(syntaxNote) });
const compositeDef = z.strictObject({ id: z.string(), components: z.array(elementRef).min(1), syntax: z.array(syntaxNote) });
const segmentNode = z.strictObject({ kind: z.literal('segment'), id: z.string(), usage, max: z.number().int().min(1).nullable(), area: z.number().int().min(1).max(3) });
const structureNode: z.ZodType<StructureNode> = z.lazy(() =>
  z.union([
    segmentNode,
    z.strictObject({ kind: z.literal('loop'), id: z.string(), usage, max: z.number().int().min(1).nullable(), area: z.number().int().min(1).max(3), children: z.array(structureNode).min(1) }),
  ]),
);
const defs = {
  segments: z.record(z.string(), segmentDef),
  composites: z.record(z.string(), compositeDef),
  elements: z.record(z.string(), elementDef),
};
const transactionSet = z.strictObject({
  id: z.string().regex(/^\d{3}$/),
  version: z.enum(['004010', '005010']),
  functionalGroup: z.string().length(2),
  name: z.string().min(1),
  structure: z.array(structureNode).min(3),
  ...defs,
});
const envelope = z.strictObject({ version: z.enum(['004010', '005010']), ...defs });

type Defs = Pick<TransactionSetSchema, 'segments' | 'composites' | 'elements'>;

/** Every reference resolves, refs are numbered in order, syntax notes point inside, checked codes exist. */
function integrityProblems(d: Defs): string[] {
  const problems: string[] = [];
  const checkRefs = (owner: string, refs: ElementRef[], syntax: SyntaxNote[]) => {
    refs.forEach((r, k) => {
      if (r.ref !== `${owner}${String(k + 1).padStart(2, '0')}`) problems.push(`${owner}: ${r.ref} at position ${k + 1}`);
      if (r.composite ? !d.composites[r.id] : !d.elements[r.id]) problems.push(`${r.ref}: ${r.id} undefined`);
      if (r.checkCodes && !d.elements[r.id]?.codes) problems.push(`${r.ref}: checkCodes without codes`);
    });
    for (const n of syntax) if (n.positions.some((p) => p > refs.length)) problems.push(`${owner}: ${n.kind}${n.positions} out of range`);
  };
  for (const [key, s] of Object.entries(d.segments)) {
    if (key !== s.id) problems.push(`segment key ${key} != ${s.id}`);
    checkRefs(s.id, s.elements, s.syntax);
  }
  for (const [key, c] of Object.entries(d.composites)) {
    if (key !== c.id) problems.push(`composite key ${key} != ${c.id}`);
    checkRefs(c.id, c.components, c.syntax);
  }
  for (const [key, e] of Object.entries(d.elements)) {
    if (key !== e.id) problems.push(`element key ${key} != ${e.id}`);
    if (e.min > e.max) problems.push(`element ${e.id}: min > max`);
  }
  return problems;
}

function structureProblems(s: TransactionSetSchema): string[] {
  const problems: string[] = [];
  const walk = (nodes: StructureNode[]) => {
    for (const n of nodes) {
      if (n.kind === 'segment') {
        if (!s.segments[n.id]) problems.push(`structure uses undefined segment ${n.id}`);
      } else {
        const first = n.children[0];
        if (first?.kind !== 'segment' || first.id !== n.id) problems.push(`loop ${n.id} does not start with its trigger`);
        if (first?.kind === 'segment' && first.usage !== n.usage) problems.push(`loop ${n.id} usage differs from its trigger`);
        walk(n.children);
      }
    }
  };
  walk(s.structure);
  const areas = s.structure.map((n) => n.area);
  if (areas.some((a, k) => k > 0 && a < (areas[k - 1] ?? 0))) problems.push('areas go backwards');
  return problems;
}

const versions = ['004010', '005010'] as const;
const cases = versions.flatMap((v) => SUPPORTED_SETS.map((id) => [id, v] as const));

describe('generated transaction-set JSON', () => {
  it.each(cases)('%s %s conforms to TransactionSetSchema exactly', (id, v) => {
    const schema = getTransactionSetSchema(id, v)?.schema;
    expect(transactionSet.safeParse(schema).error?.issues ?? []).toEqual([]);
  });

  it.each(cases)('%s %s is self-contained and consistent', (id, v) => {
    const schema = getTransactionSetSchema(id, v)?.schema;
    if (!schema) throw new Error('missing');
    expect([...integrityProblems(schema), ...structureProblems(schema)]).toEqual([]);
  });

  it.each(versions)('the %s envelope conforms and is consistent', (v) => {
    const schema = getEnvelopeSchema(v).schema;
    expect(envelope.safeParse(schema).error?.issues ?? []).toEqual([]);
    expect(integrityProblems(schema)).toEqual([]);
  });

  it('reports a dangling element reference (the check itself works)', () => {
    const broken: Defs = {
      segments: { XX: { id: 'XX', elements: [{ ref: 'XX01', id: '999999', usage: 'M', repeat: 1 }], syntax: [{ kind: 'P', positions: [1, 2] }] } },
      composites: {},
      elements: {},
    };
    expect(integrityProblems(broken)).toEqual(['XX01: 999999 undefined', 'XX: P1,2 out of range']);
  });
});
