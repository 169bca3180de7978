// What a case's status is called in Chinese, wherever a person reads it: the web app, the demo, notices to come.
import type { CaseStatus, TaskStep } from './types.ts';

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

/** What each review step is called on a reviewer's list. */
export const TASK_STEP_NAMES: Record<TaskStep, string> = {
  initial_review: '初审',
  substantive_review: '实质审核（实地核查或专家评审）',
  department_decision: '部门决定',
  joint_review: '联合审核（名单核查）',
  objection: '公示异议核查',
};
