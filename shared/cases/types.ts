// A case (办件) and the review tasks of its approval chain, as stored and as shown to clients.
import type { Channel, Mode } from '../catalog/types.ts';
import type { CriterionResult } from '../eligibility.ts';

export const CASE_STATUSES = [
  'submitted',
  'in_review',
  'returned',
  'announced',
  'approved',
  'rejected',
  'withdrawn',
  'sent_to_payer',
  'paid',
  'payment_returned',
  'payment_rejected',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** While a case is in one of these, its approval chain is at work on it: a live execution must be behind it. */
export const CHAIN_STATUSES: readonly CaseStatus[] = [
  'submitted',
  'in_review',
  'returned',
  'announced',
  'approved',
];

export interface TimelineEntry {
  at: string;
  status: CaseStatus;
  by: string;
  note?: string;
}

export interface Case {
  id: string;
  policyId: string;
  /** The policy's name when the case was filed, so a list of cases reads without the catalog. */
  policyName?: string;
  policyVersion: number;
  mode: Mode;
  /** Jurisdiction of the policy, which window staff and admins are bound to. */
  divisionCode: string;
  departmentId: string;
  uscc: string;
  channel: Channel;
  /** Window staff who filed on the enterprise's behalf, if any. */
  filedBy?: string;
  period: string;
  /** The date the guide's limits promise payment by (承诺办结日期), counted in working days from filing. */
  dueOn?: string;
  requestedAmountFen?: number;
  /** Uploaded materials (申请材料) the case was filed with. */
  materialIds?: string[];
  /** The pre-check (预审) as it stood at filing, criterion by criterion, for the reviewer beside the materials. */
  eligibility?: CriterionResult[];
  approvedAmountFen?: number;
  status: CaseStatus;
  decisionReason?: string;
  decisionExplanation?: string;
  /** What the department asked the enterprise to correct (补正), while the case is returned. */
  correctionRequest?: string;
  /** The agencies' blacklist hits found by joint review (联合审核) and how each agency answered. */
  jointReview?: JointReviewHit[];
  /** Last day of the announcement (公示), in working days from its start; objections are taken until then. */
  announcementEndsOn?: string;
  /** Objections (异议) the department has not resolved yet; while any is open, the announcement cannot end. */
  openObjections?: number;
  timeline: TimelineEntry[];
  createdAt: string;
  sentToPayerAt?: string;
  /** When the payer reported the money paid. */
  paidAt?: string;
  /** The chain's execution when a redrive had to start a new one; until then it is named by the case id. */
  executionName?: string;
  /** The enterprise's rating (好差评) of the service, once the case has ended. */
  rating?: Rating;
}

export interface Rating {
  /** 1 (非常不满意) to 5 (非常满意). */
  score: number;
  comment?: string;
  at: string;
}

export interface JointReviewHit {
  agencyId: string;
  /** Why the agency listed the enterprise, as its blacklist says. */
  reason: string;
  /** `cleared` when the agency lets the case proceed, `upheld` when its finding stops it. */
  outcome?: 'cleared' | 'upheld';
  decidedBy?: string;
}

export const TASK_STEPS = [
  'initial_review',
  'substantive_review',
  'department_decision',
  'joint_review',
  'objection',
] as const;
export type TaskStep = (typeof TASK_STEPS)[number];

/** Steps whose only outcomes are to let the case proceed or to stop it: there is nothing to correct. */
export const YES_NO_STEPS: readonly TaskStep[] = ['joint_review', 'objection'];

export interface ReviewTask {
  id: string;
  caseId: string;
  step: TaskStep;
  assigneeRole: 'department' | 'agency';
  assigneeId: string;
  dueDate: string;
  status: 'open' | 'decided';
  createdAt: string;
  /** True when the due date ran past the published calendar and may move once the next year is loaded. */
  dueDateProvisional?: boolean;
  /** Set by the SLA sweep as the working-day deadline nears (yellow) or passes (red). */
  slaColour?: 'green' | 'yellow' | 'red';
  /** 督办: a red task goes to the head of the assignee, once, recorded in the audit trail. */
  escalatedAt?: string;
  escalatedTo?: string;
  /** What the task is about when it is not the case itself: the objection's text and who raised it. */
  objection?: { reason: string; raisedBy: string };
  /** For an agency's joint review: why its list names the enterprise, the evidence it clears or upholds. */
  hit?: { reason: string };
  /** The case as an inbox shows it, copied when the task opens, so a list of tasks needs no read per case. */
  caseSummary?: CaseSummary;
  decision?: Decision;
}

export interface CaseSummary {
  uscc: string;
  enterpriseName?: string;
  policyId: string;
  policyName?: string;
  requestedAmountFen?: number;
  approvedAmountFen?: number;
}

/** The inbox's view of a case; an objection's task leaves out the amount asked, as its answer goes to the objector. */
export function caseSummaryOf(
  record: Case,
  enterpriseName: string | undefined,
  { withRequest }: { withRequest: boolean },
): CaseSummary {
  return {
    uscc: record.uscc,
    ...(enterpriseName ? { enterpriseName } : {}),
    policyId: record.policyId,
    ...(record.policyName ? { policyName: record.policyName } : {}),
    ...(withRequest && record.requestedAmountFen !== undefined
      ? { requestedAmountFen: record.requestedAmountFen }
      : {}),
    ...(record.approvedAmountFen !== undefined ? { approvedAmountFen: record.approvedAmountFen } : {}),
  };
}

export interface Decision {
  outcome: 'approve' | 'reject' | 'return';
  amountFen?: number;
  reason?: string;
  explanation?: string;
  decidedBy: string;
  decidedAt: string;
}

/** A message to the enterprise in its outbox (GET /notifications); SMS and other channels deliver from here later. */
export interface Notice {
  uscc: string;
  /** The case it is about; a whitelist payment has none. */
  caseId?: string;
  /** The payment it is about, for notices of the payer. */
  paymentId?: string;
  /** The case status the notice announces (a whitelist payment's notice uses the same names). */
  kind: CaseStatus;
  at: string;
  title: string;
  message: string;
}
