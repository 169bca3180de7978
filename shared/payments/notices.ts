// How the payer tells an enterprise that a payment ended: an approved case moves on (with its notice, in the same
// transaction); a whitelist payment, which has no case, gets a notice of its own. Both are safe to repeat.
import { applyCaseEvent, CASE_EVENTS } from '../cases/lifecycle.ts';
import type { CaseRepository } from '../cases/repository.ts';
import { DomainError } from '../errors.ts';
import type { PayoutNotices } from './payer.ts';
import type { PaymentStatus } from './payments.ts';

const PAYER = 'payer';

/**
 * The lifecycle event each ending of a payment is. A failed payment (an unfunded pool) is the platform's to fix, not
 * the enterprise's: finance sees it, and nobody is told.
 */
const ENDINGS = {
  paid: 'paid',
  returned: 'payment_returned',
  rejected: 'payment_rejected',
} as const satisfies Partial<Record<PaymentStatus, keyof typeof CASE_EVENTS>>;

const endingOf = (status: PaymentStatus) =>
  status in ENDINGS ? ENDINGS[status as keyof typeof ENDINGS] : undefined;

export function payoutNotices(cases: Pick<CaseRepository, 'transition' | 'notify'>): PayoutNotices {
  return {
    async tell(payment) {
      const ending = endingOf(payment.status);
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
