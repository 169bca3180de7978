// The payout sweep: nothing accepted may go missing. It queues what a failed send left unqueued and sends again the
// orders of payments that stopped part-way (a consumer crashed after its message was gone, or a release or
// rejection was cut short). The payer keys everything by payment id, so an order sent twice is paid once. It also
// takes back what the bank returned after settlement (退汇), from the bank's notices of today and yesterday, and
// retries the payments whose cause of failure is gone (`retryWhereCauseIsGone`).
import type { Bank, LateReturn } from '../../shared/bank/bank.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import { logger } from '../../shared/observability.ts';
import { type PaymentStatus, type PaymentStore, payoutOrder } from '../../shared/payments/payments.ts';
import type { PayoutQueue } from '../../shared/payments/queue.ts';
import { queueRest } from '../../shared/whitelists/queueing.ts';
import type { WhitelistRepository } from '../../shared/whitelists/repository.ts';

export interface PayoutSweepPorts {
  whitelists: Pick<WhitelistRepository, 'unqueued' | 'chunk' | 'markQueued'>;
  payments: Pick<PaymentStore, 'movedBetween'>;
  queue: PayoutQueue;
  bank: Pick<Bank, 'returnsOn'>;
  /** Reverses one returned payment; repeating it changes nothing. */
  takeBack(notice: LateReturn): Promise<unknown>;
  /** Retries failed and returned payments whose cause is gone. */
  retry(time: Date): Promise<{ pool: number; payee: number; bank: number }>;
  /**
   * The file exchange's part (nothing with the simulated bank): the payment files due by `time` (its cut-offs) made,
   * and the bank's files whose import was cut short finished.
   */
  exchangeFiles(time: Date): Promise<{ made: number; finished: number }>;
}

/** A batch still being queued by its own request is left alone this long. */
export const BATCH_GRACE_MS = 60_000;
/** A payment moving normally passes a status in well under a second; one still there after this has stopped. */
export const STALLED_MS = 5 * 60_000;
/** How far back the sweep looks for stopped payments; the dead-letter alarm covers what is older. */
export const LOOKBACK_MS = 2 * 86_400_000;
/**
 * Statuses the payer passes through on its own; a payment resting in one has stopped (rejected: before its void;
 * cancelled: before its notice).
 */
const IN_PASSING: PaymentStatus[] = ['reserved', 'instructed', 'rejected', 'cancelled'];
const PAGE = 500;

export async function sweepPayouts(
  ports: PayoutSweepPorts,
  time: Date,
): Promise<{
  batches: number;
  payments: number;
  returns: number;
  unprocessed: number;
  retried: { pool: number; payee: number; bank: number };
  files: number;
  imports: number;
}> {
  const at = (offsetMs: number) => new Date(time.getTime() - offsetMs).toISOString();
  // First the cut-offs: lines instructed before one go into its file, and wait there for the bank.
  const files = await ports.exchangeFiles(time);
  const batches = await ports.whitelists.unqueued(at(BATCH_GRACE_MS), 50);
  for (const batch of batches) await queueRest(ports, batch);

  let payments = 0;
  for (const status of IN_PASSING) {
    const stalled = await ports.payments.movedBetween(status, at(LOOKBACK_MS), at(STALLED_MS), PAGE);
    // A rejection only needs its void; those already voided come back at once from the payer.
    await ports.queue.send(stalled.map((payment) => payoutOrder.parse(payment)));
    payments += stalled.length;
  }

  // Yesterday's too, so a notice that arrived just before midnight is not missed between two runs.
  const days = [shanghaiDate(new Date(time.getTime() - 86_400_000)), shanghaiDate(time)];
  const notices = (await Promise.all(days.map((day) => ports.bank.returnsOn(day)))).flat();
  let unprocessed = 0;
  for (const notice of notices) {
    // One notice that cannot be taken back now must not hold up the others; it is read again next round.
    try {
      await ports.takeBack(notice);
    } catch (error) {
      unprocessed++;
      logger.error('bank return not taken back yet', { paymentId: notice.paymentId, error: error as Error });
    }
  }
  // After the returns: a payment the bank took back just now is retried if its enterprise has a new account already.
  const retried = await ports.retry(time);
  return {
    batches: batches.length,
    payments,
    returns: notices.length - unprocessed,
    unprocessed,
    retried,
    files: files.made,
    imports: files.finished,
  };
}
