// Failed is not forever: the payout sweep retries a payment once its cause is gone — a pool that can pay it, an
// account the enterprise confirmed since, a pause after the bank refused on the paying side. A retry is the
// payment's next attempt, started by one conditional claim (`retryPayment`), so no attempt is paid twice.
import type { Actor } from '../audit/chain.ts';
import type { BlacklistRepository } from '../blacklists/repository.ts';
import { shanghaiDate } from '../dates.ts';
import type { Ledger } from '../ledger/index.ts';
import { BANK_PAUSE_MINUTES, retriedByThePlatform } from './causes.ts';
import { type DecisionPorts, retryPayment } from './decisions.ts';
import { poolOf } from './payer.ts';
import type { Payment } from './payments.ts';

export interface CauseSweepPorts extends DecisionPorts {
  ledger: Pick<Ledger, 'getAccount'>;
  /** The enterprise's confirmed account, read with its standing. */
  enterprises: Pick<BlacklistRepository, 'standingOf'>;
}

/** The account as the bank reads it: a CNAPS code added to the same number is a change that can fix a refusal. */
const sameAccount = (a: Payment['bankAccount'], b: Payment['bankAccount']) =>
  a.accountNo === b.accountNo &&
  a.accountName === b.accountName &&
  a.bankName === b.bankName &&
  a.bankCode === b.bankCode;

const SWEEP_ACTOR: Actor = { role: 'system', subject: 'payout-sweep' };
/** How many failed and returned payments one sweep looks at. */
const PAGE = 500;
const EVER = '2000-01-01T00:00:00.000Z';

/**
 * Retries what can now be paid: payments a pool refused, oldest first, while the pool's available balance covers
 * them (so a pool funded for some is not refused again for all); payments the bank refused for the payee's account,
 * once the enterprise has confirmed another one — once per account, as the new attempt carries it; payments the
 * bank refused on the paying side, after a pause, up to `BANK_ATTEMPTS` attempts in all.
 */
export async function retryWhereCauseIsGone(
  ports: CauseSweepPorts,
  time: Date,
): Promise<{ pool: number; payee: number; bank: number }> {
  const before = time.toISOString();
  const [failed, returned] = await Promise.all([
    ports.payments.movedBetween('failed', EVER, before, PAGE),
    ports.payments.movedBetween('returned', EVER, before, PAGE),
  ]);

  let pool = 0;
  const byPool = new Map<string, Payment[]>();
  const automatic = (cause: Payment['cause']) => (each: Payment) =>
    each.cause === cause && retriedByThePlatform(each);
  for (const payment of failed.filter(automatic('pool')))
    byPool.set(poolOf(payment), [...(byPool.get(poolOf(payment)) ?? []), payment]);
  for (const [poolId, waiting] of byPool) {
    const account = await ports.ledger.getAccount(poolId);
    if (!account || account.closedAt) continue;
    let available = account.available;
    for (const payment of waiting.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt))) {
      if (payment.amountFen > available) continue;
      const retried = await retryPayment(ports, payment, {
        reason: '资金池额度已足，自动重新兑付',
        actor: SWEEP_ACTOR,
      });
      if (retried) {
        available -= payment.amountFen;
        pool++;
      }
    }
  }

  let payee = 0;
  for (const payment of returned.filter(automatic('payee'))) {
    const { enterprise } = await ports.enterprises.standingOf(payment.uscc);
    if (!enterprise || sameAccount(enterprise.bankAccount, payment.bankAccount)) continue;
    const changedAt = enterprise.bankAccountChanges.at(-1)?.at ?? enterprise.bankAccountSince;
    const retried = await retryPayment(ports, payment, {
      reason: `企业已变更收款账户，按新账户 ${enterprise.bankAccount.accountNo} 重新兑付`,
      actor: SWEEP_ACTOR,
      account: enterprise.bankAccount,
      warning: {
        rule: 'account_recently_changed',
        colour: 'yellow',
        detail: `原账户被银行退回（${payment.reason ?? '未说明原因'}），企业于 ${shanghaiDate(new Date(changedAt))} 变更账户后按新账户重新兑付`,
      },
    });
    if (retried) payee++;
  }

  let bank = 0;
  const paused = new Date(time.getTime() - BANK_PAUSE_MINUTES * 60_000).toISOString();
  for (const payment of failed.filter(automatic('bank'))) {
    if (payment.updatedAt > paused) continue;
    const retried = await retryPayment(ports, payment, {
      reason: `银行付款方处理失败（${payment.reason ?? '未说明原因'}），自动重新兑付`,
      actor: SWEEP_ACTOR,
    });
    if (retried) bank++;
  }
  return { pool, payee, bank };
}
