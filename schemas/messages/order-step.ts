/**
 * The steps of an order's cycle (README, "The order cycle"): received → confirmed → partially
 * shipped → shipped → invoiced → closed, or cancelled. A step is derived from the order's facts
 * (functions/domain/orders/order-stage.ts), never set by hand.
 */
import { z } from 'zod';

export const ORDER_STEPS = ['received', 'confirmed', 'partially-shipped', 'shipped', 'invoiced', 'closed', 'cancelled'] as const;
export const OrderStepZ = z.enum(ORDER_STEPS);
export type OrderStep = z.infer<typeof OrderStepZ>;
