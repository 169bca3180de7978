// Payout orders and the payments the payer makes of them.
import * as z from 'zod';
import { bankAccount } from '../enterprises/types.ts';

/** What the payer receives for an approved case or a whitelist entry. */
export const payoutOrder = z.object({
  /** Derived from the business key, so a repeated order names the same payment. */
  paymentId: z.string().min(1).max(200),
  source: z.enum(['case', 'whitelist']),
  caseId: z.string().optional(),
  policyId: z.string().min(1),
  departmentId: z.string().min(1),
  uscc: z.string().length(18),
  amountFen: z.number().int().positive(),
  /** The enterprise's confirmed account, as it stood when the order was made. */
  bankAccount,
  orderedAt: z.string(),
});
export type PayoutOrder = z.infer<typeof payoutOrder>;

export const PAYMENT_STATUSES = [
  'reserved',
  'held',
  'instructed',
  'paid',
  'returned',
  'rejected',
  'failed',
] as const;
export type PaymentStatus = 'received' | (typeof PAYMENT_STATUSES)[number];
export const FINAL_PAYMENT_STATUSES: readonly PaymentStatus[] = ['paid', 'returned', 'rejected', 'failed'];

/** How far a payment has come: a redelivered order may repeat a step, but a status never goes back. */
export const STATUS_RANK: Record<PaymentStatus, number> = {
  received: 0,
  reserved: 1,
  held: 2,
  instructed: 3,
  paid: 4,
  returned: 4,
  rejected: 4,
  failed: 4,
};

export interface Payment extends PayoutOrder {
  status: PaymentStatus;
  /** Why a payment failed or came back. */
  reason?: string;
  receivedAt: string;
  updatedAt: string;
}

export interface PaymentStore {
  /** Stores the payment unless its id exists, and returns the stored one either way. */
  recordOnce(payment: Payment): Promise<Payment>;
  /** Moves the payment forward; false if it is already at or past that point. */
  advance(paymentId: string, status: PaymentStatus, at: string, reason?: string): Promise<boolean>;
  get(paymentId: string): Promise<Payment | undefined>;
}
