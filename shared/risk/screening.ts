// The payer's screening of every payout order (风险预警): pure rules over facts the payer gathers, so each rule is
// tested on its own and a redelivered order, judged from the stored warnings, is judged the same way.
import type { BlacklistEntry } from '../blacklists/blacklist.ts';
import { hitsFor } from '../blacklists/blacklist.ts';
import { shanghaiDate } from '../dates.ts';
import { divisionOfPolicy } from '../division.ts';
import type { Payment, PayoutOrder, RiskWarning } from '../payments/payments.ts';
import { RECENT_ACCOUNT_DAYS } from './rules.ts';

const DAY_MS = 86_400_000;

export interface ScreeningFacts {
  /** Every agency's listing of the enterprise. */
  blacklist: BlacklistEntry[];
  /** Other payments to the enterprise for the same policy and period, paid or on their way. */
  othersForPeriod: Pick<Payment, 'paymentId' | 'status'>[];
  /** Another enterprise paid into the same account, if any. */
  accountSharedWith?: string;
  /** When the registered enterprise last changed its account (a first account is no change). */
  bankAccountChangedAt?: string;
}

/** The warnings one payout order raises as it arrives; a red one holds the payment for the payer. */
export function screenOrder(order: PayoutOrder, facts: ScreeningFacts, now: Date): RiskWarning[] {
  const warnings: RiskWarning[] = [];
  const cleared = new Set(order.clearedBy ?? []);
  const hits = hitsFor(facts.blacklist, divisionOfPolicy(order.policyId), shanghaiDate(now)).filter(
    (entry) => !cleared.has(entry.agencyId),
  );
  for (const hit of hits) {
    warnings.push({ rule: 'blacklisted', colour: 'red', detail: `${hit.agencyId}：${hit.reason}` });
  }
  if (facts.othersForPeriod.length > 0) {
    warnings.push({
      rule: 'paid_this_period',
      colour: 'red',
      detail: `同一企业本期已有该政策兑付：${facts.othersForPeriod.map((p) => `${p.paymentId}（${p.status}）`).join('、')}`,
    });
  }
  if (facts.accountSharedWith) {
    warnings.push({
      rule: 'account_shared',
      colour: 'red',
      detail: `收款账号同时用于企业 ${facts.accountSharedWith}`,
    });
  }
  const changedAt = facts.bankAccountChangedAt;
  const changedRecently =
    changedAt !== undefined && now.getTime() - Date.parse(changedAt) < RECENT_ACCOUNT_DAYS * DAY_MS;
  if (order.lineAccount) {
    // Paid to the confirmed account either way; a change just made is what a diversion looks like, so it waits.
    warnings.push({
      rule: 'account_differs',
      colour: changedRecently ? 'red' : 'yellow',
      detail: `名单所列账户 ${order.lineAccount.bankName} ${order.lineAccount.accountNo} 与企业确认的账户 ${order.bankAccount.bankName} ${order.bankAccount.accountNo} 不同，按企业确认的账户兑付`,
    });
  }
  if (changedAt && changedRecently) {
    warnings.push({
      rule: 'account_recently_changed',
      colour: 'yellow',
      detail: `企业银行账户于 ${shanghaiDate(new Date(changedAt))} 变更，距今不足 ${RECENT_ACCOUNT_DAYS} 天`,
    });
  }
  return warnings;
}
