// How the payer tells an enterprise that a payment ended: an approved case moves on (with its notice, in the same
// transaction); a whitelist payment, which has no case, gets a notice of its own. Both are safe to repeat.
import type { CaseRepository } from '../cases/repository.ts';
import type { CaseStatus } from '../cases/types.ts';
import { DomainError } from '../errors.ts';
import { yuan } from '../money.ts';
import type { PayoutNotices } from './payer.ts';
import type { Payment } from './payments.ts';

const PAYER = 'payer';

function noticeOf(payment: Payment): { kind: CaseStatus; title: string; message: string } | undefined {
  const account = `${payment.bankAccount.bankName}尾号 ${payment.bankAccount.accountNo.slice(-4)}`;
  switch (payment.status) {
    case 'paid':
      return {
        kind: 'paid',
        title: '奖补资金已到账',
        message: `“${payment.policyName}”奖补资金 ${yuan(payment.amountFen)} 元已兑付至${account}账户`,
      };
    case 'returned':
      return {
        kind: 'payment_returned',
        title: '兑付被银行退回',
        message: `“${payment.policyName}”奖补资金 ${yuan(payment.amountFen)} 元被银行退回：${payment.reason ?? ''}。请核对银行账户后联系行政审批局`,
      };
    case 'rejected':
      return {
        kind: 'payment_rejected',
        title: '兑付未通过复核',
        message: `“${payment.policyName}”奖补资金未予兑付：${payment.reason ?? ''}`,
      };
    default:
      // A failed payment (an unfunded pool) is the platform's to fix, not the enterprise's: finance sees it.
      return undefined;
  }
}

export function payoutNotices(cases: Pick<CaseRepository, 'transition' | 'notify'>): PayoutNotices {
  return {
    async tell(payment) {
      const notice = noticeOf(payment);
      if (!notice) return;
      if (!payment.caseId) {
        await cases.notify({
          uscc: payment.uscc,
          paymentId: payment.paymentId,
          at: payment.updatedAt,
          ...notice,
        });
        return;
      }
      try {
        await cases.transition(
          payment.caseId,
          { at: payment.updatedAt, status: notice.kind, by: PAYER, note: notice.message },
          {
            // A return after settlement reaches a case already paid.
            from: payment.status === 'returned' ? ['sent_to_payer', 'paid'] : ['sent_to_payer'],
            notify: { title: notice.title, message: notice.message },
            ...(payment.status === 'paid' ? { fields: { paidAt: payment.updatedAt } } : {}),
          },
        );
      } catch (error) {
        // Told already: the case has moved on from "sent to the payer".
        if (error instanceof DomainError && error.code === 'CASE_STATUS_CHANGED') return;
        throw error;
      }
    },
  };
}
