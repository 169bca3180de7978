// Whom a payout is paid to. A case is paid to the account its enterprise confirmed; so is a whitelist line of an
// enterprise registered on the platform, whatever account the department's spreadsheet typed: a line's account is
// the easiest place to divert a payment. The line's account is kept on the payment as evidence, and screening
// raises it. An unregistered enterprise is paid to the line's account, whose name must be its own.
import type { Enterprise } from '../enterprises/types.ts';
import type { PayoutOrder } from './payments.ts';

export function payeeOf(
  order: PayoutOrder,
  enterprise: Pick<Enterprise, 'bankAccount'> | undefined,
): PayoutOrder {
  if (order.source !== 'whitelist' || !enterprise || order.lineAccount) return order;
  const confirmed = enterprise.bankAccount;
  if (confirmed.accountNo === order.bankAccount.accountNo) return order;
  return { ...order, bankAccount: confirmed, lineAccount: order.bankAccount };
}
