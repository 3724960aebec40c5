import type { ControlNumbers as EnvelopeNumbers } from '#domain/x12/types.ts';

/**
 * Outbound control numbers per partner (ISA13, GS06, ST02), from an atomic counter. A block
 * of `count` interchanges is allocated at once; number `i` of the block is `first + i`.
 */
export interface ControlNumbers {
  allocate(partner: string, count: number): Promise<EnvelopeNumbers[]>;
}
