// What each risk rule and warning colour is called in Chinese, as the payer, finance and the audit office say it.
import type { WarningColour, WarningRule } from './rules.ts';

export const WARNING_RULE_NAMES: Record<WarningRule, string> = {
  blacklisted: '列入联合惩戒名单',
  paid_this_period: '本期已兑付过该政策',
  account_shared: '收款账户与其他企业共用',
  account_recently_changed: '收款账户近期变更',
  account_differs: '名单账户与企业确认的账户不同',
  multi_department: '同期多个部门兑付',
  unusual_amount: '金额异常',
};

/** Red stops a payment for the payer, yellow is shown with it, green is for the record. */
export const WARNING_COLOUR_NAMES: Record<WarningColour, string> = {
  red: '红色预警',
  yellow: '黄色预警',
  green: '绿色',
};
