// The payer (一站兑付): every payout order is recorded, reserved from its pool, instructed to the bank, then posted or
// voided. Each step is idempotent by the payment id, so a redelivered or crashed order resumes and never pays twice.
import type { Bank } from '../../shared/bank/bank.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import { accountIds, type Ledger, LedgerError } from '../../shared/ledger/index.ts';
import {
  FINAL_PAYMENT_STATUSES,
  type Payment,
  type PaymentStore,
  type PayoutOrder,
} from '../../shared/payments/payments.ts';

export interface PayerPorts {
  payments: PaymentStore;
  ledger: Ledger;
  bank: Bank;
  now(): Date;
}

/** The pool an order is paid from: its policy's, for the year the order was made (Asia/Shanghai). */
export const poolOf = (order: Pick<PayoutOrder, 'policyId' | 'orderedAt'>) =>
  accountIds.pool(order.policyId, Number(shanghaiDate(new Date(order.orderedAt)).slice(0, 4)));
/** Policy ids start with their division code; the division's bank clearing account receives every payout. */
export const clearingOf = (policyId: string) => accountIds.bank(policyId.slice(0, 6));

/** Transfer ids derive from the payment id, itself from the business key. */
export const transferIds = (paymentId: string) => ({
  reserve: `reserve:${paymentId}`,
  post: `post:${paymentId}`,
  void: `void:${paymentId}`,
});

export async function pay(ports: PayerPorts, order: PayoutOrder): Promise<Payment> {
  const at = () => ports.now().toISOString();
  const payment = await ports.payments.recordOnce({
    ...order,
    status: 'received',
    receivedAt: at(),
    updatedAt: at(),
  });
  if (FINAL_PAYMENT_STATUSES.includes(payment.status)) return payment;
  const ids = transferIds(order.paymentId);
  const common = { code: 'payout' as const, ref: order.paymentId };

  try {
    await ports.ledger.transfer({
      id: ids.reserve,
      debitAccountId: poolOf(order),
      creditAccountId: clearingOf(order.policyId),
      amountFen: order.amountFen,
      flag: 'pending',
      ...common,
      at: at(),
    });
  } catch (error) {
    // An unfunded or exhausted pool: the order fails visibly, and finance sees it, instead of waiting forever.
    if (
      error instanceof LedgerError &&
      (error.code === 'EXCEEDS_CREDITS' || error.code === 'ACCOUNT_NOT_FOUND')
    ) {
      const reason = error.code === 'EXCEEDS_CREDITS' ? '资金池可用额度不足' : '资金池尚未拨付';
      await ports.payments.advance(order.paymentId, 'failed', at(), reason);
      return { ...payment, status: 'failed', reason };
    }
    throw error;
  }
  await ports.payments.advance(order.paymentId, 'reserved', at());

  const answer = await ports.bank.instruct(
    { paymentId: order.paymentId, account: order.bankAccount, amountFen: order.amountFen },
    at(),
  );
  await ports.payments.advance(order.paymentId, 'instructed', at());
  if (answer.outcome === 'settled') {
    await ports.ledger.transfer({
      id: ids.post,
      flag: 'post_pending',
      pendingId: ids.reserve,
      ...common,
      at: at(),
    });
    await ports.payments.advance(order.paymentId, 'paid', at());
    return { ...payment, status: 'paid' };
  }
  // Returned by the bank before settlement: the reservation is released back to the pool.
  await ports.ledger.transfer({
    id: ids.void,
    flag: 'void_pending',
    pendingId: ids.reserve,
    ...common,
    at: at(),
  });
  await ports.payments.advance(order.paymentId, 'returned', at(), answer.reason);
  return { ...payment, status: 'returned', reason: answer.reason };
}
