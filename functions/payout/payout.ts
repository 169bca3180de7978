// The payer's intake of payout orders: each order becomes one payment record, keyed by its business key.
import * as z from 'zod';

export const payoutOrder = z.object({
  paymentId: z.string().min(1).max(200),
  source: z.enum(['case', 'whitelist']),
  caseId: z.string().optional(),
  policyId: z.string().min(1),
  departmentId: z.string().min(1),
  uscc: z.string().length(18),
  amountFen: z.number().int().positive(),
  orderedAt: z.string(),
});
export type PayoutOrderMessage = z.infer<typeof payoutOrder>;

export interface Payment extends PayoutOrderMessage {
  status: 'received';
  receivedAt: string;
}

export interface PaymentStore {
  /** Records the payment unless its id exists; returns false for a repeated order (never a second payment). */
  recordOnce(payment: Payment): Promise<boolean>;
}

export async function receivePayoutOrder(
  store: PaymentStore,
  body: string,
  now: () => Date,
): Promise<{ paymentId: string; duplicate: boolean }> {
  const order = payoutOrder.parse(JSON.parse(body));
  const recorded = await store.recordOnce({ ...order, status: 'received', receivedAt: now().toISOString() });
  return { paymentId: order.paymentId, duplicate: !recorded };
}
