import { describe, expect, it } from 'vitest';
import { BANK_ATTEMPTS, refusalCause, retriedByThePlatform } from '../../shared/payments/causes.ts';

describe('why a payment did not arrive', () => {
  it('reads a refusal on the paying side as the bank’s, any other as the payee’s', () => {
    for (const reason of [
      '付款账户余额不足',
      '超过单笔限额',
      '系统繁忙，请稍后重试',
      '交易超时',
      '日终处理中',
    ])
      expect(refusalCause(reason), reason).toBe('bank');
    for (const reason of ['收款账户已销户', '户名不符', '账户不存在', '收款账户已冻结', '银行未说明原因'])
      expect(refusalCause(reason), reason).toBe('payee');
  });

  it('retries a bank refusal by itself only up to its attempts, then leaves it to the payer', () => {
    const failedForBank = (attempt: number) => ({
      status: 'failed' as const,
      cause: 'bank' as const,
      attempt,
    });
    expect(retriedByThePlatform(failedForBank(1))).toBe(true);
    expect(retriedByThePlatform(failedForBank(BANK_ATTEMPTS - 1))).toBe(true);
    expect(retriedByThePlatform(failedForBank(BANK_ATTEMPTS))).toBe(false);
    expect(retriedByThePlatform({ status: 'failed', cause: 'pool' })).toBe(true);
    expect(retriedByThePlatform({ status: 'returned', cause: 'payee' })).toBe(true);
    expect(retriedByThePlatform({ status: 'failed' })).toBe(false);
    expect(retriedByThePlatform({ status: 'returned', cause: 'bank' })).toBe(false);
  });
});
