// The words and formats the story prints: statuses, steps and outcomes in Chinese, money in yuan, Beijing clock time.
import { CASE_STATUS_NAMES } from '../../../shared/cases/status-names.ts';
import { MODE_NAMES } from '../../../shared/catalog/mode-names.ts';
import { yuan } from '../../../shared/money.ts';
import type { CaseStatus, Decision, PaymentStatus, RiskWarningItem, TaskStep } from './answers.ts';

export const CASE_LABELS: Record<CaseStatus, string> = CASE_STATUS_NAMES;
export const PAYMENT_LABELS: Record<PaymentStatus, string> = {
  reserved: '已预留资金',
  held: '暂停待核',
  instructed: '已发银行',
  awaiting_bank: '待银行回盘',
  paid: '已到账',
  returned: '银行退回',
  rejected: '已拒付',
  failed: '失败',
  cancelled: '已取消',
};
export const STEP_LABELS: Record<TaskStep, string> = {
  initial_review: '初审',
  substantive_review: '实质审查（现场核查）',
  department_decision: '部门决定',
  joint_review: '联合审核',
  objection: '异议核查',
};
export const OUTCOME_LABELS: Record<Decision['outcome'], string> = {
  approve: '通过',
  reject: '不予通过',
  return: '退回补正',
};
export const MODE_LABELS: Record<string, string> = MODE_NAMES;
export const COLOUR_LABELS: Record<RiskWarningItem['colour'], string> = {
  red: '红',
  yellow: '黄',
  green: '绿',
};

export const money = (fen: number) => `${yuan(fen)} 元`;

const CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
export const clock = (iso: string) => CLOCK.format(new Date(iso));
