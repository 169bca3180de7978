// Plain Chinese for the platform's codes, as enterprises and staff know them.
import type { ClientResponse } from '../../shared/api/contract.ts';

type Policy = ClientResponse<'GET /policies/{id}'>;

export { MODE_NAMES } from '../../shared/catalog/mode-names.ts';
export { INDUSTRY_NAMES, SIZE_NAMES } from '../../shared/enterprises/names.ts';

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

/** An instant as people in the county read it: Beijing time, 24-hour clock. */
export const when = (instant: string) =>
  new Date(instant).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** Today's date in Beijing (YYYY-MM-DD), the day deadlines, reconciliations and settlements count by. */
export const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

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

/**
 * Tag colours dark enough for white text (4.5:1 and more): Ant Design's preset tags write a mid tone on a pale one,
 * which small text cannot be read in. The words on a tag say the same, so colour is never the only signal.
 */
export const TAG_COLOURS = {
  blue: '#0047b3',
  orange: '#ad4e00',
  cyan: '#006d75',
  green: '#237804',
  red: '#a8071a',
  gold: '#874d00',
  grey: '#595959',
} as const;

/** The colour of a case's status tag: blue under way, orange waiting on the enterprise, green done, red ended badly. */
export const CASE_STATUS_COLOURS: Record<CaseStatus, string> = {
  submitted: TAG_COLOURS.blue,
  in_review: TAG_COLOURS.blue,
  returned: TAG_COLOURS.orange,
  announced: TAG_COLOURS.cyan,
  approved: TAG_COLOURS.green,
  rejected: TAG_COLOURS.red,
  withdrawn: TAG_COLOURS.grey,
  sent_to_payer: TAG_COLOURS.gold,
  paid: TAG_COLOURS.green,
  payment_returned: TAG_COLOURS.red,
  payment_rejected: TAG_COLOURS.red,
};

/** Each redemption mode's tag colour: no application green, instant blue, reviewed orange. */
export const MODE_COLOURS: Record<Policy['mode'], string> = {
  auto: TAG_COLOURS.green,
  instant: TAG_COLOURS.blue,
  review: TAG_COLOURS.orange,
};

export { CASE_STATUS_NAMES, TASK_STEP_NAMES } from '../../shared/cases/status-names.ts';

/**
 * A payee's account as the payer checks it against the bank's answer: bank, number, holder, and the CNAPS code
 * (联行号) a payment to another bank travels by.
 */
export function accountWords(account: {
  bankName: string;
  accountNo: string;
  accountName: string;
  bankCode?: string;
}): string {
  const code = account.bankCode ? `，联行号 ${account.bankCode}` : '';
  return `${account.bankName} ${account.accountNo}（${account.accountName}${code}）`;
}

/** Who acted, as records name them ("finance:finance-dingnan"), in words: 财政（finance-dingnan）; the platform's own
 * chain and sweeps as the platform. */
export function actorWords(actor: string): string {
  const [role = '', subject = ''] = actor.split(':');
  if (role === 'chain' || role === 'system') return '平台自动处理';
  return subject ? `${ROLE_NAMES[role] ?? role}（${subject}）` : actor;
}

export const ROLE_NAMES: Record<string, string> = {
  enterprise: '企业',
  window: '专窗工作人员',
  department: '主管部门',
  agency: '联审部门',
  payer: '资金兑付',
  finance: '财政',
  admin: '平台管理员',
};
