// What a case's status is called in Chinese, wherever a person reads it: the web app, the demo, notices to come.
import type { CaseStatus } from './types.ts';

export const CASE_STATUS_NAMES: Record<CaseStatus, string> = {
  submitted: '已提交',
  in_review: '审核中',
  returned: '退回补正',
  announced: '公示中',
  approved: '已核准',
  rejected: '不予通过',
  withdrawn: '已撤回',
  sent_to_payer: '已推送兑付',
  paid: '已到账',
  payment_returned: '被银行退回',
  payment_rejected: '兑付未通过',
};
