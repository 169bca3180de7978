// Why a payment did not reach its enterprise, and whether the platform retries it by itself once that passes: one
// rule for the payout sweep that retries and for the screens that tell the payer what will happen.
import type { FailureCause, Payment } from './payments.ts';

/**
 * Refusal reasons that are the paying side's, not the payee's account: the payer's account short of money or over its
 * limit, the bank's system busy, closed for the day or timed out. Banks word them differently, so this matches the
 * words their result files use; any other reason is taken as the payee's (account closed, name mismatch), which the
 * enterprise can fix.
 */
const PAYING_SIDE =
  /余额不足|头寸不足|透支|限额|超限|超时|系统(异常|繁忙|错误|维护)|繁忙|日终|暂停(服务|交易)|通讯|通信/;

export const refusalCause = (reason: string): Extract<FailureCause, 'payee' | 'bank'> =>
  PAYING_SIDE.test(reason) ? 'bank' : 'payee';

/**
 * How many attempts a payment refused on the paying side gets by itself: a refusal that comes back this often is no
 * passing fault, and the payer decides (with the bank) before the next.
 */
export const BANK_ATTEMPTS = 3;

/**
 * A refusal on the paying side waits this long before its next attempt: a busy bank or a payer account being topped
 * up is given time, and with a payment file the attempt waits for the next cut-off anyway.
 */
export const BANK_PAUSE_MINUTES = 30;

/** True when the payout sweep will retry the payment by itself once its cause is gone. */
export const retriedByThePlatform = (payment: Pick<Payment, 'status' | 'cause' | 'attempt'>): boolean =>
  (payment.status === 'failed' && payment.cause === 'pool') ||
  (payment.status === 'returned' && payment.cause === 'payee') ||
  (payment.status === 'failed' && payment.cause === 'bank' && (payment.attempt ?? 1) < BANK_ATTEMPTS);
