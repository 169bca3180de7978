// The payer (一站兑付): every payout order is screened, reserved from its pool, held if a red risk says so,
// instructed to the bank, then posted or voided. Each step is idempotent by the payment id, so a redelivered or
// crashed order resumes where it stopped and never pays twice; the ledger's conditions are what guarantee it.
import type { Bank, LateReturn } from '../bank/bank.ts';
import type { BlacklistRepository } from '../blacklists/repository.ts';
import { shanghaiDate, yearOf } from '../dates.ts';
import { divisionOfPolicy } from '../division.ts';
import { accountIds, type Ledger, LedgerError, type LedgerErrorCode } from '../ledger/index.ts';
import { screenOrder } from '../risk/screening.ts';
import { refusalCause } from './causes.ts';
import { payeeOf } from './payee.ts';
import {
  attemptOf,
  attemptRef,
  isHeldByRisk,
  PAYER_TIMEOUT_SECONDS,
  type Payment,
  type PaymentStore,
  type PayoutOrder,
  STATUS_RANK,
} from './payments.ts';

/** Why a pool refused a reservation, as the payment's failure reason shows it to finance. */
const POOL_REFUSALS: Partial<Record<LedgerErrorCode, string>> = {
  EXCEEDS_CREDITS: '资金池可用额度不足',
  ACCOUNT_NOT_FOUND: '资金池尚未拨付',
  ACCOUNT_CLOSED: '资金池已清算关闭',
};

/** Tells the enterprise (and its case) how a payment ended; safe to repeat. */
export interface PayoutNotices {
  tell(payment: Payment): Promise<void>;
}

export interface PayerPorts {
  payments: PaymentStore;
  ledger: Ledger;
  bank: Bank;
  /** The enterprise's profile and its blacklist entries, read together. */
  blacklists: Pick<BlacklistRepository, 'standingOf'>;
  notices: PayoutNotices;
  now(): Date;
}

/** The budget year an order is paid from: the year it was made in, Asia/Shanghai. */
const yearOrdered = (order: Pick<PayoutOrder, 'orderedAt'>) =>
  yearOf(shanghaiDate(new Date(order.orderedAt)));
/** The pool an order is paid from: its policy's, for the year the order was made (Asia/Shanghai). */
export const poolOf = (order: Pick<PayoutOrder, 'policyId' | 'orderedAt'>) =>
  accountIds.pool(order.policyId, yearOrdered(order));
/** The policy's division's bank clearing account receives every payout. */
export const clearingOf = (policyId: string) => accountIds.bank(divisionOfPolicy(policyId));

/** Transfer ids derive from the payment id, itself from the business key, and the attempt (see `attemptRef`). */
export const transferIds = (paymentId: string, attempt = 1) => {
  const ref = attemptRef(paymentId, attempt);
  return {
    ref,
    reserve: `reserve:${ref}`,
    post: `post:${ref}`,
    void: `void:${ref}`,
    return: `return:${ref}`,
  };
};

/** The ledger's reservation for a payment's attempt: from its pool to the clearing account, pending. */
const reservationOf = (
  payment: Pick<Payment, 'paymentId' | 'policyId' | 'orderedAt' | 'amountFen' | 'attempt'>,
  at: string,
) => {
  const ids = transferIds(payment.paymentId, payment.attempt);
  return {
    id: ids.reserve,
    debitAccountId: poolOf(payment),
    creditAccountId: clearingOf(payment.policyId),
    amountFen: payment.amountFen,
    flag: 'pending' as const,
    code: 'payout' as const,
    ref: ids.ref,
    at,
  };
};

/** Why a pool refused a reservation, if it was the pool's doing (the payment is then retried when it can pay). */
const poolRefusal = (error: unknown) =>
  error instanceof LedgerError ? POOL_REFUSALS[error.code] : undefined;

/** The order as it will be paid (to whom: `payeeOf`) and the warnings it raises. */
async function screen(ports: PayerPorts, received: PayoutOrder) {
  const [{ blacklist, enterprise }, othersForPeriod] = await Promise.all([
    ports.blacklists.standingOf(received.uscc),
    ports.payments.claimForPeriod(received),
  ]);
  const order = payeeOf(received, enterprise);
  // The account is claimed for the enterprise once its payee is known: never the line's account when it is not paid.
  const accountSharedWith = await ports.payments.claimAccount(order.bankAccount.accountNo, order.uscc);
  const warnings = screenOrder(
    order,
    {
      blacklist,
      othersForPeriod,
      ...(accountSharedWith ? { accountSharedWith } : {}),
      ...(enterprise?.bankAccountChanges.length
        ? { bankAccountChangedAt: enterprise.bankAccountChanges.at(-1)?.at }
        : {}),
    },
    ports.now(),
  );
  return { order, warnings };
}

export async function pay(ports: PayerPorts, received: PayoutOrder): Promise<Payment> {
  const at = () => ports.now().toISOString();
  const stored = await ports.payments.get(received.paymentId);
  if (stored) return resume(ports, stored);

  const { order, warnings } = await screen(ports, received);
  let reservation: Awaited<ReturnType<Ledger['transfer']>>;
  try {
    reservation = await ports.ledger.transfer(reservationOf(order, at()));
  } catch (error) {
    // An unfunded or exhausted pool: the order fails visibly, and finance sees it; the sweep retries it once the
    // pool can pay it.
    const reason = poolRefusal(error);
    if (reason) {
      const failed = await ports.payments.recordOnce({
        ...order,
        status: 'failed',
        reason,
        cause: 'pool',
        warnings,
        receivedAt: at(),
        updatedAt: at(),
      });
      // A concurrent consumer may have reserved meanwhile: whatever was recorded first is what goes on.
      return failed.status === 'failed' ? failed : resume(ports, failed);
    }
    throw error;
  }
  if (reservation.status === 'exists') return takeOver(ports, order, warnings, reservation.transfer.at);

  // Whoever made the reservation decides, on its own screening. A payment held by a red risk is recorded at once,
  // for the payer's staff; any other goes straight to the bank and is recorded once, when it ends.
  const payment: Payment = { ...order, status: 'reserved', warnings, receivedAt: at(), updatedAt: at() };
  if (isHeldByRisk(payment)) {
    const held = await ports.payments.recordOnce({ ...payment, status: 'held', reason: heldReason(payment) });
    return held.status === 'held' ? held : resume(ports, held);
  }
  return instruct(ports, payment, { recorded: false });
}

/** The payer's staff read why a payment waits for them: every red rule's detail. */
const heldReason = (payment: Pick<Payment, 'warnings'>) =>
  payment.warnings
    .filter((warning) => warning.colour === 'red')
    .map((warning) => warning.detail)
    .join('；');

/** A reservation this old without a record was made by an invocation that has ended, one way or another. */
const TAKE_OVER_AFTER_MS = 2 * PAYER_TIMEOUT_SECONDS * 1000;

/** Another invocation made this order's reservation and is deciding it; the order comes back later. */
export class PaymentInProgress extends Error {
  override name = 'PaymentInProgress';
}

/**
 * The reservation was there already: the invocation that made it decides, and its record says how. Until the record
 * is written the order comes back later; once the reservation is older than any invocation lives, its maker is gone,
 * and this one goes on from what the ledger and the bank say (the record was lost, or never written).
 */
async function takeOver(
  ports: PayerPorts,
  order: PayoutOrder,
  warnings: Payment['warnings'],
  reservedAt: string,
): Promise<Payment> {
  const stored = await ports.payments.get(order.paymentId);
  if (stored) return resume(ports, stored);
  if (ports.now().getTime() - Date.parse(reservedAt) < TAKE_OVER_AFTER_MS)
    throw new PaymentInProgress(`payment ${order.paymentId} is being paid by another invocation`);
  const at = ports.now().toISOString();
  const payment = await ports.payments.recordOnce({
    ...order,
    status: await statusFromLedger(ports, order.paymentId),
    warnings,
    receivedAt: at,
    updatedAt: at,
  });
  return resume(ports, payment);
}

/**
 * Where a payment stands when its record is missing but its reservation exists (the record was lost, or the
 * payer's records were restored from an older copy): the ledger and the bank say what happened, not a guess.
 */
async function statusFromLedger(ports: PayerPorts, paymentId: string): Promise<Payment['status']> {
  const resolution = await ports.ledger.resolutionOf(transferIds(paymentId).reserve);
  if (resolution === 'post_pending') return 'paid';
  const atBank = await ports.bank.lookup(paymentId);
  // Voided: either the bank returned it or the payer rejected it before it reached the bank.
  if (resolution === 'void_pending') return atBank ? 'returned' : 'rejected';
  // Still reserved: if the bank has it, it was released or on its way, and is finished from there.
  return atBank ? 'instructed' : 'reserved';
}

/** Settles the attempt's reservation; a repeat is a no-op, the other settlement (a post after a void) is refused. */
async function settle(
  ports: PayerPorts,
  payment: Pick<Payment, 'paymentId' | 'attempt'>,
  flag: 'post_pending' | 'void_pending',
) {
  const ids = transferIds(payment.paymentId, payment.attempt);
  await ports.ledger.transfer({
    id: flag === 'post_pending' ? ids.post : ids.void,
    flag,
    pendingId: ids.reserve,
    code: 'payout',
    ref: ids.ref,
    at: ports.now().toISOString(),
  });
}

/**
 * A retried attempt starts without its reservation: it is made here, once (the id is the attempt's). A pool that
 * still cannot pay fails the payment again, for the next retry; false then.
 */
async function reserveAttempt(ports: PayerPorts, payment: Payment): Promise<boolean> {
  if ((payment.attempt ?? 1) === 1) return true;
  const reservation = reservationOf(payment, payment.updatedAt);
  if (await ports.ledger.getTransfer(reservation.id)) return true;
  try {
    await ports.ledger.transfer(reservation);
    return true;
  } catch (error) {
    const reason = poolRefusal(error);
    if (!reason) throw error;
    await ports.payments.advance(payment.paymentId, 'failed', ports.now().toISOString(), {
      reason,
      cause: 'pool',
    });
    return false;
  }
}

async function finish(ports: PayerPorts, payment: Payment): Promise<Payment> {
  await ports.notices.tell(payment);
  return payment;
}

/** Takes a recorded payment on from wherever it stands; every step here may be repeated. */
export async function resume(ports: PayerPorts, payment: Payment): Promise<Payment> {
  switch (payment.status) {
    // Failed waits for its retry (the sweep's, when the cause is gone, or the payer's).
    case 'failed':
      return payment;
    case 'cancelled':
      return finish(ports, payment);
    // Paid and returned are recorded only after the ledger settled; a repeat just tells the enterprise again.
    case 'paid':
    case 'returned':
      return finish(ports, payment);
    case 'rejected':
      // A rejection is claimed first (so a release cannot race it), then voided: the void may still be owed.
      await settle(ports, payment, 'void_pending');
      return finish(ports, payment);
    case 'held':
      // Waits for the payer's release or rejection.
      return payment;
    case 'reserved':
      if (!(await reserveAttempt(ports, payment)))
        return (await ports.payments.get(payment.paymentId)) ?? payment;
      // A retry to the account the enterprise confirmed after a return: told before it goes to the bank.
      if (payment.retriedFrom === 'returned') await ports.notices.tell(payment);
      if (isHeldByRisk(payment)) {
        await ports.payments.advance(payment.paymentId, 'held', ports.now().toISOString(), {
          reason: heldReason(payment),
        });
        const current = (await ports.payments.get(payment.paymentId)) ?? payment;
        // Released or rejected between the advance and this read: go on from there.
        return current.status === 'held' ? current : resume(ports, current);
      }
      // On to the bank: `instructed` is written only for a released payment, the one that waited.
      return instruct(ports, payment, { recorded: true });
    // A line of a payment file: the bank's answer is its result, once imported; until then it waits again.
    case 'instructed':
    case 'awaiting_bank':
      return instruct(ports, payment, { recorded: true });
  }
}

/**
 * The bank took the instruction as a line of its next payment file: the payment waits, reserved, for the result
 * file, whose import sends its order again (then `instruct` finds the result).
 */
async function awaitBank(ports: PayerPorts, payment: Payment, { recorded }: { recorded: boolean }) {
  const at = ports.now().toISOString();
  const waiting: Payment = { ...payment, status: 'awaiting_bank', updatedAt: at };
  if (!recorded) {
    const stored = await ports.payments.recordOnce(waiting);
    return stored.status === 'awaiting_bank' ? stored : resume(ports, stored);
  }
  await ports.payments.advance(payment.paymentId, 'awaiting_bank', at);
  return (await ports.payments.get(payment.paymentId)) ?? waiting;
}

/**
 * Instructs the bank (idempotently by the payment id), settles the reservation by its answer and records the
 * ending: as the payment's first record when it had none (its maker went straight to the bank), else as a step on.
 */
async function instruct(ports: PayerPorts, payment: Payment, { recorded }: { recorded: boolean }) {
  const answer = await ports.bank.instruct(
    {
      paymentId: attemptRef(payment.paymentId, payment.attempt),
      account: payment.bankAccount,
      amountFen: payment.amountFen,
      divisionCode: divisionOfPolicy(payment.policyId),
    },
    ports.now().toISOString(),
  );
  if (answer.outcome === 'pending') return awaitBank(ports, payment, { recorded });
  const why =
    answer.outcome === 'returned' ? { reason: answer.reason, cause: refusalCause(answer.reason) } : undefined;
  // Settled: posted. Refused for the payee's account: the reservation goes back to the pool and the enterprise is
  // told why and what to do (confirm another account, to which the sweep then pays it). Refused on the paying side
  // (the payer's account short, the bank busy): the platform's to fix, failed and retried by the sweep, nobody told.
  await settle(ports, payment, why === undefined ? 'post_pending' : 'void_pending');
  const status = why === undefined ? 'paid' : why.cause === 'bank' ? 'failed' : 'returned';
  const ended: Payment = { ...payment, status, updatedAt: ports.now().toISOString(), ...why };
  const stored = recorded ? undefined : await ports.payments.recordOnce(ended);
  if (stored?.status === status) return finish(ports, stored);
  // Recorded before (by this payment's earlier steps, or by an invocation that took over): moved forward to the end.
  if (await ports.payments.advance(payment.paymentId, status, ended.updatedAt, why))
    return finish(ports, ended);
  // A concurrent consumer wrote the ending first: tell what it wrote.
  const current = await ports.payments.get(payment.paymentId);
  return finish(ports, current && STATUS_RANK[current.status] >= STATUS_RANK[status] ? current : ended);
}

/** Who moves a payment back when the bank sends it back after settlement. */
const BANK_ACTOR = { role: 'system', subject: 'bank' } as const;
/**
 * A notice is read again on every sweep while it is in the bank's recent list; for this long after the payment was
 * taken back the enterprise is told again (telling is idempotent), so a tell cut short by a crash is made up for.
 */
const RETELL_MS = 30 * 60_000;

/**
 * A return after settlement (退汇): the posted payment is reversed — the money goes back into its pool, or to
 * finance's appropriation if the pool was settled meanwhile — the payment becomes `returned` and the enterprise is
 * told. Every step is keyed by the payment id, so the same notice again changes nothing. A payment not (yet) posted
 * is left to the payer's own flow: a return before settlement is a void, which the payer makes itself. The reversal
 * is the payment's own amount, what left the pool; a notice for another amount is reconciliation's to report.
 */
export async function takeBackReturned(
  ports: Pick<PayerPorts, 'payments' | 'ledger' | 'notices' | 'now'>,
  notice: LateReturn,
): Promise<Payment | undefined> {
  // The notice names the attempt the bank paid; only that attempt's posting is reversed.
  const { paymentId, attempt } = attemptOf(notice.paymentId);
  const payment = await ports.payments.get(paymentId);
  if (!payment || (payment.attempt ?? 1) !== attempt) return payment;
  const ids = transferIds(paymentId, attempt);
  const [resolution, reversed] = await Promise.all([
    ports.ledger.resolutionOf(ids.reserve),
    ports.ledger.getTransfer(ids.return),
  ]);
  if (resolution !== 'post_pending') return payment;
  const now = ports.now();
  if (reversed && payment.status === 'returned' && now.getTime() - Date.parse(payment.updatedAt) > RETELL_MS)
    return payment;
  const at = now.toISOString();
  // Once reversed, never again, and never into another account: the first reversal's account stands.
  if (!reversed) {
    const reversal = (creditAccountId: string) =>
      ports.ledger.transfer({
        id: ids.return,
        debitAccountId: clearingOf(payment.policyId),
        creditAccountId,
        amountFen: payment.amountFen,
        flag: 'posted',
        code: 'payout_return',
        ref: ids.ref,
        at,
      });
    try {
      await reversal(poolOf(payment));
    } catch (error) {
      if (!(error instanceof LedgerError && error.code === 'ACCOUNT_CLOSED')) throw error;
      await reversal(accountIds.appropriation(divisionOfPolicy(payment.policyId), yearOrdered(payment)));
    }
  }
  await ports.payments.claim(payment.paymentId, 'paid', 'returned', at, {
    reason: notice.reason,
    actor: BANK_ACTOR,
    cause: 'payee',
  });
  const current = (await ports.payments.get(payment.paymentId)) ?? payment;
  // Not `paid` yet (the payer's ending is not recorded): the next round, after the sweep re-drove it, finishes it.
  if (current.status === 'returned') await ports.notices.tell(current);
  return current;
}
