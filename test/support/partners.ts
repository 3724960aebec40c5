import { PartnerProfileZ, type PartnerProfile } from '#schemas/master-data/partner-profile.ts';
import { ItemZ, type Item } from '#schemas/master-data/item.ts';

/** A test partner: ISA ZZ/ACMEBUYER, GS ACMEBUYER; we are ZZ/OURSUPPLIER. */
export function testPartner(overrides: Partial<Record<string, unknown>> = {}): PartnerProfile {
  return PartnerProfileZ.parse({
    id: 'ACME',
    name: 'Acme Buying Co',
    isa: { qualifier: 'ZZ', id: 'ACMEBUYER' },
    gsId: 'ACMEBUYER',
    ours: { isaQualifier: 'ZZ', isaId: 'OURSUPPLIER', gsId: 'OURSUPPLIER' },
    version: '004010',
    usage: 'T',
    acks: { ta1: true },
    contacts: {
      edi: { name: 'Acme EDI', email: 'edi@acme.example' },
      planner: { name: 'Pat Planner', email: 'planner@supplier.example' },
      customerService: { name: 'Cass Service', email: 'cs@supplier.example' },
      buyer: { name: 'Bea Buyer', email: 'buyer@acme.example' },
      expedite24x7: [{ name: 'Ex Pedite', email: 'expedite@supplier.example' }],
      allocationTeam: [{ name: 'Al Location', email: 'alloc@supplier.example' }],
    },
    ...overrides,
  });
}

/** A test item of the item master, vendor part `vendorPart`. */
export function testItem(vendorPart: string, overrides: Partial<Record<string, unknown>> = {}): Item {
  const person = (name: string) => ({ name, email: `${name.toLowerCase().replace(/\s+/g, '.')}@supplier.example` });
  return ItemZ.parse({
    vendorPart,
    description: `Test item ${vendorPart}`,
    unitOfMeasure: 'EA',
    leadTimeDays: 0,
    planner: person('Pat Planner'),
    escalation: { owner: person('Olive Owner'), manager: person('Mo Manager'), director: person('Di Director'), vp: person('Vi President') },
    ...overrides,
  });
}
