// How the payer tells an enterprise that a payment ended: an approved case moves on (with its notice, in the same
// transaction); a whitelist payment, which has no case, gets a notice of its own. Both are safe to repeat.
import { applyCaseEvent, CASE_EVENTS } from '../cases/lifecycle.ts';
import type { CaseRepository } from '../cases/repository.ts';
import { DomainError } from '../errors.ts';
import type { PayoutNotices } from './payer.ts';
import type { Payment, PaymentStatus } from './payments.ts';

const PAYER = 'payer';

/**
 * The lifecycle event each ending of a payment is. A failed payment (an unfunded pool) is the platform's to fix, not
 * the enterprise's: finance sees it, nobody is told, and it is retried when the pool can pay it.
 */
const ENDINGS = {
  paid: 'paid',
  returned: 'payment_returned',
  rejected: 'payment_rejected',
  cancelled: 'payment_cancelled',
} as const satisfies Partial<Record<PaymentStatus, keyof typeof CASE_EVENTS>>;

/** A payment the bank returned, started again to a new account: the enterprise that was told of the return is told so. */
const endingOf = (payment: Pick<Payment, 'status' | 'retriedFrom'>) =>
  payment.status === 'reserved' && payment.retriedFrom === 'returned'
    ? 'payment_retried'
    : payment.status in ENDINGS
      ? ENDINGS[payment.status as keyof typeof ENDINGS]
      : undefined;

export function payoutNotices(cases: Pick<CaseRepository, 'transition' | 'notify'>): PayoutNotices {
  return {
    async tell(payment) {
      const ending = endingOf(payment);
      if (!ending) return;
      if (!payment.caseId) {
        // The same notice as a case's, under the status the case would reach.
        await cases.notify({
          uscc: payment.uscc,
          paymentId: payment.paymentId,
          at: payment.updatedAt,
          kind: CASE_EVENTS[ending].to,
          ...CASE_EVENTS[ending].notice(payment),
        });
        return;
      }
      try {
        await applyCaseEvent(cases, payment.caseId, ending, {
          at: payment.updatedAt,
          by: PAYER,
          details: payment,
          ...(payment.status === 'paid' ? { fields: { paidAt: payment.updatedAt } } : {}),
        });
      } catch (error) {
        // Told already: the case has moved on from "sent to the payer".
        if (error instanceof DomainError && error.code === 'CASE_STATUS_CHANGED') return;
        throw error;
      }
    },
  };
}
