// A case (办件) and the review tasks of its approval chain, as stored and as shown to clients.
import type { Channel, Mode } from '../catalog/types.ts';

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
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export interface TimelineEntry {
  at: string;
  status: CaseStatus;
  by: string;
  note?: string;
}

export interface Case {
  id: string;
  policyId: string;
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
  requestedAmountFen?: number;
  /** Uploaded materials (申请材料) the case was filed with. */
  materialIds?: string[];
  approvedAmountFen?: number;
  status: CaseStatus;
  decisionReason?: string;
  decisionExplanation?: string;
  /** What the department asked the enterprise to correct (补正), while the case is returned. */
  correctionRequest?: string;
  timeline: TimelineEntry[];
  createdAt: string;
  sentToPayerAt?: string;
}

export const TASK_STEPS = ['initial_review', 'substantive_review', 'department_decision'] as const;
export type TaskStep = (typeof TASK_STEPS)[number];

export interface ReviewTask {
  id: string;
  caseId: string;
  step: TaskStep;
  assigneeRole: 'department' | 'agency';
  assigneeId: string;
  dueDate: string;
  status: 'open' | 'decided';
  createdAt: string;
  /** Set by the SLA sweep as the working-day deadline nears (yellow) or passes (red). */
  slaColour?: 'green' | 'yellow' | 'red';
  decision?: Decision;
}

export interface Decision {
  outcome: 'approve' | 'reject' | 'return';
  amountFen?: number;
  reason?: string;
  explanation?: string;
  decidedBy: string;
  decidedAt: string;
}

/** What the payer receives for an approved case or a whitelist entry. */
export interface PayoutOrder {
  /** Derived from the business key, so a repeated order names the same payment. */
  paymentId: string;
  source: 'case' | 'whitelist';
  caseId?: string;
  policyId: string;
  departmentId: string;
  uscc: string;
  amountFen: number;
  orderedAt: string;
}

/** A message to the enterprise in its outbox (GET /notifications); SMS and other channels deliver from here later. */
export interface Notice {
  uscc: string;
  caseId: string;
  /** The case status the notice announces. */
  kind: CaseStatus;
  at: string;
  title: string;
  message: string;
}
