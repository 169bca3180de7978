// Plain Chinese for the platform's codes, as enterprises and staff know them.
import type { ClientResponse } from '../../shared/api/contract.ts';

type Policy = ClientResponse<'GET /policies/{id}'>;

export const MODE_NAMES: Record<Policy['mode'], string> = {
  auto: '免申即享',
  instant: '即申即享',
  review: '承诺兑现',
};

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

/** A case's status as the enterprise reads it, and the colour of its tag. */
export const CASE_STATUS: Record<CaseStatus, { name: string; colour: string }> = {
  submitted: { name: '已提交', colour: 'blue' },
  in_review: { name: '审核中', colour: 'blue' },
  returned: { name: '需补正', colour: 'orange' },
  announced: { name: '公示中', colour: 'cyan' },
  approved: { name: '已核准', colour: 'green' },
  rejected: { name: '未通过', colour: 'red' },
  withdrawn: { name: '已撤回', colour: 'default' },
  sent_to_payer: { name: '待拨付', colour: 'gold' },
  paid: { name: '已到账', colour: 'green' },
  payment_returned: { name: '被银行退回', colour: 'red' },
  payment_rejected: { name: '兑付未通过', colour: 'red' },
};

export const ROLE_NAMES: Record<string, string> = {
  enterprise: '企业',
  window: '专窗工作人员',
  department: '主管部门',
  agency: '联审部门',
  payer: '资金兑付',
  finance: '财政',
  admin: '平台管理员',
};
