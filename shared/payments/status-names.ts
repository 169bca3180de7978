// What each payment status is called in Chinese, on the payer's and finance's screens.
import type { PaymentStatus } from './payments.ts';

export const PAYMENT_STATUS_NAMES: Record<PaymentStatus, string> = {
  reserved: '已冻结额度',
  held: '风险暂停',
  instructed: '银行处理中',
  awaiting_bank: '待银行回盘',
  paid: '已兑付',
  returned: '银行退回',
  rejected: '已拒付',
  failed: '兑付失败',
  cancelled: '已取消',
};
