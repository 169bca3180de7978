// Plain Chinese for the platform's codes, as enterprises and staff know them.
import type { ClientResponse } from '../../shared/api/contract.ts';

type Policy = ClientResponse<'GET /policies/{id}'>;

export { MODE_NAMES } from '../../shared/catalog/mode-names.ts';

/** What each mode asks of the enterprise, in one line. */
export const MODE_HINTS: Record<Policy['mode'], string> = {
  auto: '无需申请：主管部门按名单直接兑付到企业账户',
  instant: '在线或到专窗申请，符合条件即审即付',
  review: '申请后经部门审核（必要时实地核查或专家评审），公示无异议后兑付',
};

export const CHANNEL_NAMES: Record<Policy['channel'], string> = {
  online: '网上申报或专窗代办',
  window: '到政务服务中心惠企政策专窗办理',
};

/** Integer fen as yuan, the way amounts are read aloud: ¥12,345.67. */
export const yuan = (fen: number) =>
  `¥${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export function amountRuleText(rule: Policy['amountRule']): string {
  if (!rule) return '按主管部门核定的金额兑付';
  switch (rule.kind) {
    case 'fixed':
      return `每户 ${yuan(rule.amountFen)}`;
    case 'per_unit':
      return `每${rule.unitName} ${yuan(rule.unitFen)}，最高 ${yuan(rule.capFen)}`;
    case 'percentage':
      return `按${rule.baseName}的 ${(rule.basisPoints / 100).toFixed(2).replace(/\.?0+$/, '')}%，最高 ${yuan(rule.capFen)}`;
  }
}

type CaseStatus = ClientResponse<'GET /applications/{id}'>['status'];

/** The colour of a case's status tag: blue under way, orange waiting on the enterprise, green done, red ended badly. */
export const CASE_STATUS_COLOURS: Record<CaseStatus, string> = {
  submitted: 'blue',
  in_review: 'blue',
  returned: 'orange',
  announced: 'cyan',
  approved: 'green',
  rejected: 'red',
  withdrawn: 'default',
  sent_to_payer: 'gold',
  paid: 'green',
  payment_returned: 'red',
  payment_rejected: 'red',
};

export { CASE_STATUS_NAMES } from '../../shared/cases/status-names.ts';

export const ROLE_NAMES: Record<string, string> = {
  enterprise: '企业',
  window: '专窗工作人员',
  department: '主管部门',
  agency: '联审部门',
  payer: '资金兑付',
  finance: '财政',
  admin: '平台管理员',
};
