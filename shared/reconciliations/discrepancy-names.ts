// What each discrepancy type is called in Chinese, as finance and the audit office use them; kept apart from the
// schemas so the web app can name them without bundling them.
import type { DiscrepancyType } from './reconciliation.ts';

export const DISCREPANCY_NAMES: Record<DiscrepancyType, string> = {
  missing_at_bank: '漏发（台账已付、银行无记录）',
  extra_at_bank: '银行多出（银行已付、台账未付）',
  amount_mismatch: '错发（金额或账户不符）',
  duplicate: '多发（银行重复支付）',
  returned_not_voided: '退回未冲销',
  pool_imbalance: '资金池不平',
};
