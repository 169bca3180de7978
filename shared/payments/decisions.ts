// The payer's staff decide payments the payer could not finish alone: a held one is released or rejected, a failed
// or returned one retried or cancelled. Each decision is one conditional claim on the payment, audited, so two
// decisions racing each other cannot both act. The rest is the queue consumer's, with its retries, so the
// enterprise is told even if the request dies after the claim (the payout sweep re-drives a claim whose send was
// lost). Each returns undefined when the payment was not in a status the decision applies to.
import type { Actor } from '../audit/chain.ts';
import { logger } from '../observability.ts';
import {
  type Payment,
  type PaymentStore,
  payoutOrder,
  RETRYABLE_STATUSES,
  type RiskWarning,
} from './payments.ts';
import type { PayoutQueue } from './queue.ts';

export interface DecisionPorts {
  payments: PaymentStore;
  queue: PayoutQueue;
  now(): Date;
  /** Where a decision the queue did not take is told; the payout sweep re-drives it. */
  report?(message: string, details: Record<string, unknown>): void;
}

/** Hands a claimed payment to the queue consumer. */
async function handOn(ports: DecisionPorts, paymentId: string): Promise<Payment | undefined> {
  const payment = await ports.payments.get(paymentId);
  if (!payment) return undefined;
  try {
    await ports.queue.send([payoutOrder.parse(payment)]);
  } catch (error) {
    (ports.report ?? logger.warn.bind(logger))('decided payment left for the sweep to re-drive', {
      paymentId,
      error: error as Error,
    });
  }
  return payment;
}

/** Released, a held payment goes on to the bank as any other; rejected, its reservation goes back to the pool. */
export async function decideHeld(
  ports: DecisionPorts,
  paymentId: string,
  outcome: 'release' | 'reject',
  decision: { reason: string; actor: Actor },
): Promise<Payment | undefined> {
  const to = outcome === 'release' ? 'instructed' : 'rejected';
  if (!(await ports.payments.claim(paymentId, 'held', to, ports.now().toISOString(), decision)))
    return undefined;
  return handOn(ports, paymentId);
}

/**
 * Starts a failed or returned payment's next attempt (its own reservation and bank reference), to `account` when
 * the enterprise confirmed another one since.
 */
export async function retryPayment(
  ports: DecisionPorts,
  payment: Payment,
  decision: { reason: string; actor: Actor; account?: Payment['bankAccount']; warning?: RiskWarning },
): Promise<Payment | undefined> {
  if (!RETRYABLE_STATUSES.includes(payment.status)) return undefined;
  if (!(await ports.payments.retry(payment, ports.now().toISOString(), decision))) return undefined;
  return handOn(ports, payment.paymentId);
}

/**
 * Gives a failed or returned payment up. Nothing is reserved for it any more (a failure reserved nothing, a return
 * was voided or reversed), so only its record moves; the consumer tells the enterprise.
 */
export async function cancelPayment(
  ports: DecisionPorts,
  payment: Payment,
  decision: { reason: string; actor: Actor },
): Promise<Payment | undefined> {
  if (!RETRYABLE_STATUSES.includes(payment.status)) return undefined;
  const at = ports.now().toISOString();
  if (!(await ports.payments.claim(payment.paymentId, payment.status, 'cancelled', at, decision)))
    return undefined;
  return handOn(ports, payment.paymentId);
}
