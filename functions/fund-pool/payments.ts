// The payer's and finance's view of payments, and the payer's decision on a held one (放行 / 拒付).
import type * as z from 'zod';
import { divisionOfPolicy } from '../../shared/division.ts';
import { conflict, forbidden, notFound } from '../../shared/errors.ts';
import type { DeadLetters } from '../../shared/payments/dead-letters.ts';
import { cancelPayment, decideHeld, retryPayment } from '../../shared/payments/decisions.ts';
import {
  casePaymentId,
  type Payment,
  type PaymentStore,
  type paymentQuery,
} from '../../shared/payments/payments.ts';
import type { PayoutQueue } from '../../shared/payments/queue.ts';
import { PAYMENT_STATUS_NAMES } from '../../shared/payments/status-names.ts';
import { actorOf, type Principal } from '../../shared/principal.ts';

export interface PaymentViewPorts {
  payments: PaymentStore;
  queue: PayoutQueue;
  deadLetters: DeadLetters;
  now(): Date;
}

/** A dead letter as the list shows it: failed, with what could be read of the order. */
export interface DeadLetterItem {
  id: string;
  status: 'failed';
  deadLetter: true;
  reason: string;
  uscc?: string;
  policyId?: string;
  amountFen?: number;
  sentAt?: string;
}

const jurisdictionOf = (principal: Principal) => {
  if (!principal.division) throw forbidden('身份令牌未载明所属行政区划');
  return principal.division;
};
const inDivision = (division: string, policyId: string | undefined) =>
  policyId !== undefined && divisionOfPolicy(policyId) === division;

export async function listPayments(
  ports: PaymentViewPorts,
  principal: Principal,
  query: z.infer<typeof paymentQuery>,
): Promise<{ items: ((Payment & { id: string }) | DeadLetterItem)[] }> {
  const division = jurisdictionOf(principal);
  const withId = (payment: Payment) => ({ id: payment.paymentId, ...payment });
  if (query.caseId) {
    const payment = await ports.payments.get(casePaymentId(query.caseId));
    const shown =
      payment && inDivision(division, payment.policyId) && (!query.status || payment.status === query.status);
    return { items: shown ? [withId(payment)] : [] };
  }
  const payments = await ports.payments.list({
    divisionCode: division,
    limit: query.limit,
    ...(query.batchId ? { batchId: query.batchId } : {}),
    ...(query.status ? { status: query.status } : {}),
  });
  const items: ((Payment & { id: string }) | DeadLetterItem)[] = payments.map(withId);
  // Orders stuck in the dead-letter queue are failures someone must look at: they head the unfiltered list.
  if (!query.batchId && (!query.status || query.status === 'failed')) {
    const letters = (await ports.deadLetters.peek()).filter(
      (letter) => !letter.policyId || inDivision(division, letter.policyId),
    );
    items.unshift(
      ...letters.map(
        (letter): DeadLetterItem => ({
          id: letter.paymentId ?? letter.messageId,
          status: 'failed',
          deadLetter: true,
          reason: '兑付指令多次处理失败，已转入死信队列，待人工处理',
          ...(letter.uscc ? { uscc: letter.uscc } : {}),
          ...(letter.policyId ? { policyId: letter.policyId } : {}),
          ...(letter.amountFen ? { amountFen: letter.amountFen } : {}),
          ...(letter.sentAt ? { sentAt: letter.sentAt } : {}),
        }),
      ),
    );
  }
  return { items };
}

export async function decideHeldPayment(
  ports: PaymentViewPorts,
  principal: Principal,
  paymentId: string,
  outcome: 'release' | 'reject',
  reason: string,
): Promise<Payment> {
  const division = jurisdictionOf(principal);
  const payment = await ports.payments.get(paymentId);
  if (!payment || !inDivision(division, payment.policyId)) throw notFound('兑付记录');
  const decided = await decideHeld(ports, paymentId, outcome, { reason, actor: actorOf(principal) });
  if (!decided) {
    throw conflict('PAYMENT_NOT_HELD', '该笔兑付当前未被暂停，不能放行或拒付', { status: payment.status });
  }
  return decided;
}

/**
 * The payer retries or cancels a payment that failed or came back. Most are retried by the sweep once their cause is
 * gone; this is for the rest (an unregistered enterprise's line account corrected at the bank, a payment to give up).
 */
export async function decideFailedPayment(
  ports: PaymentViewPorts,
  principal: Principal,
  paymentId: string,
  outcome: 'retry' | 'cancel',
  reason: string,
): Promise<Payment> {
  const division = jurisdictionOf(principal);
  const payment = await ports.payments.get(paymentId);
  if (!payment || !inDivision(division, payment.policyId)) throw notFound('兑付记录');
  const decision = { reason, actor: actorOf(principal) };
  const decided =
    outcome === 'retry'
      ? await retryPayment(ports, payment, decision)
      : await cancelPayment(ports, payment, decision);
  if (!decided) {
    const current = (await ports.payments.get(paymentId)) ?? payment;
    throw conflict(
      outcome === 'retry' ? 'PAYMENT_NOT_RETRYABLE' : 'PAYMENT_NOT_CANCELLABLE',
      `该笔兑付当前为“${PAYMENT_STATUS_NAMES[current.status]}”，只有兑付失败或被银行退回的款项可以${outcome === 'retry' ? '重新兑付' : '取消'}；请刷新后查看它的最新状态`,
      { status: current.status },
    );
  }
  return decided;
}
