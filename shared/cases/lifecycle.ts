// The case lifecycle: every change of a case is a named event, declared once with the statuses it may leave, the
// status it reaches, what the timeline says and the notice the enterprise gets; one function applies an event.
import type { PendingResume } from '../chains/resumes.ts';
import { conflict, type DomainError, notFound } from '../errors.ts';
import { yuan } from '../money.ts';
import type { CaseStore, TransitionOptions } from './repository.ts';
import { type Case, type CaseStatus, CHAIN_STATUSES, type TimelineEntry } from './types.ts';

interface CaseEvent<Details> {
  /**
   * Statuses the case may be leaving, checked on the read the write's condition pins. 'any' where the approval
   * chain's own order is the rule: its steps run one at a time, and a retried step finds the case already moved.
   */
  from: readonly CaseStatus[] | 'any';
  /**
   * The status the case reaches. 'stays' for an event that only adds to the timeline: the case keeps the status the
   * caller read it in, and (unless `from` is 'any') must still be in it.
   */
  to: CaseStatus | 'stays';
  /** What the timeline (and the audit event) says. */
  note(details: Details): string | undefined;
  /** The notice to the enterprise, written with the change (the outbox); its kind is the status reached. */
  notice?(details: Details): { title: string; message: string };
  /** The chain waits on the case: its token is parked there until an event that releases it. */
  parksChain?: true;
  /** Ends the chain's wait: takes the parked token and stores the resume owed, in the same write. */
  releasesChain?: true;
  /** How a case in another status is refused, where it is not as a case moved meanwhile (409). */
  refusal?(current: Case): DomainError;
}

/** How a payment ended, as the payer tells it: on the case when there is one, in a notice of its own otherwise. */
export interface PaymentEnding {
  policyName: string;
  amountFen: number;
  bankAccount: { bankName: string; accountNo: string };
  reason?: string;
}

const paidMessage = (payment: PaymentEnding) =>
  `“${payment.policyName}”奖补资金 ${yuan(payment.amountFen)} 元已兑付至${payment.bankAccount.bankName}尾号 ${payment.bankAccount.accountNo.slice(-4)}账户`;
const returnedMessage = (payment: PaymentEnding) =>
  `“${payment.policyName}”奖补资金 ${yuan(payment.amountFen)} 元被银行退回：${payment.reason ?? ''}。请在“企业信息”中变更收款账户，变更后将自动按新账户重新兑付`;
const retriedMessage = (payment: PaymentEnding) =>
  `“${payment.policyName}”奖补资金 ${yuan(payment.amountFen)} 元已按您变更后的${payment.bankAccount.bankName}尾号 ${payment.bankAccount.accountNo.slice(-4)}账户重新兑付，到账后另行通知`;
const cancelledMessage = (payment: PaymentEnding) =>
  `“${payment.policyName}”奖补资金的兑付已由行政审批局取消：${payment.reason ?? ''}。如有疑问请联系行政审批局`;
const rejectedMessage = (payment: PaymentEnding) =>
  `“${payment.policyName}”奖补资金未予兑付：${payment.reason ?? ''}`;

/** Where a case can go, and what each step says. Filing (status `submitted`) creates the case; every change after is here. */
export const CASE_EVENTS = {
  /** The chain hands the case to the department that owns the policy. */
  routed: {
    from: 'any',
    to: 'in_review',
    note: (route: { departmentName: string }) => `转办至 ${route.departmentName}`,
  },
  /** Joint review (联合审核) screened the enterprise against the agencies' lists. */
  joint_review_screened: {
    from: 'any',
    to: 'stays',
    note: (screening: { listedBy: string[] }) =>
      screening.listedBy.length === 0
        ? '联合审核：未命中联审部门名单'
        : `联合审核：命中 ${screening.listedBy.join('、')} 名单，转联审部门核查`,
  },
  /** An agency found its listing no reason to stop the case. */
  joint_review_cleared: { from: 'any', to: 'stays', note: () => '联审部门核查通过' },
  /** The department asks for a correction (补正); the chain waits for the resubmission. */
  returned_for_correction: {
    from: 'any',
    to: 'returned',
    parksChain: true,
    note: (request: { reason?: string }) => request.reason,
    notice: (request: { reason?: string }) => ({
      title: '申请需补正',
      message: `请按以下要求补正后重新提交：${request.reason}`,
    }),
  },
  /** The enterprise (or window staff for it) resubmits; the chain repeats the step that returned the case. */
  resubmitted: {
    from: ['returned'],
    to: 'in_review',
    releasesChain: true,
    note: (resubmission: { note?: string }) => resubmission.note ?? '已补正',
  },
  /** Approved, the case is announced (公示) for the guide's working days; the chain waits for the end. */
  announced: {
    from: 'any',
    to: 'announced',
    parksChain: true,
    note: (announcement: { announcementDays: number; endsOn: string; amountFen?: number }) =>
      `公示 ${announcement.announcementDays} 个工作日，至 ${announcement.endsOn}`,
    notice: (announcement: { announcementDays: number; endsOn: string; amountFen?: number }) => ({
      title: '申请已核准，正在公示',
      message: `核定金额 ${yuan(announcement.amountFen ?? 0)} 元，公示至 ${announcement.endsOn}，期满无异议后兑付`,
    }),
  },
  /** Someone objects (异议) during the announcement; a case not in announcement is not public, so it is missing. */
  objection_raised: {
    from: ['announced'],
    to: 'announced',
    refusal: () => notFound('公示中的办件'),
    note: () => '公示期收到异议，主管部门核查中',
    notice: () => ({
      title: '公示期收到异议',
      message: '您的申请在公示期内收到异议，主管部门核实后将告知结果',
    }),
  },
  /** The department dismisses an objection: the announcement runs on. */
  objection_dismissed: { from: ['announced'], to: 'announced', note: () => '异议不成立，公示继续' },
  /** The department upholds an objection: it ends the announcement, and the chain rejects the case. */
  objection_upheld: {
    from: ['announced'],
    to: 'announced',
    releasesChain: true,
    note: (decision: { reason?: string }) => `异议成立：${decision.reason}`,
  },
  /** The announcement ran out with no objection open: the case is approved and the chain goes on to pay. */
  announcement_ended: {
    from: ['announced'],
    to: 'approved',
    releasesChain: true,
    note: () => '公示期满无异议',
  },
  /** Not approved; the seeds require both the reason and the policy's explanation to reach the enterprise. */
  rejected: {
    from: 'any',
    to: 'rejected',
    note: (decision: { reason?: string; explanation?: string }) => decision.reason,
    notice: (decision: { reason?: string; explanation?: string }) => ({
      title: '申请未获通过',
      message: `原因：${decision.reason}。政策解释：${decision.explanation}`,
    }),
  },
  /** The chain gives the case up (a correction not made in time). */
  withdrawn: {
    from: 'any',
    to: 'withdrawn',
    note: (withdrawal: { reason: string }) => withdrawal.reason,
    notice: (withdrawal: { reason: string }) => ({ title: '申请已撤回', message: withdrawal.reason }),
  },
  /** The approved amount goes to the payer as a payout order. */
  sent_to_payer: {
    from: 'any',
    to: 'sent_to_payer',
    note: (order: { amountFen: number }) => `核定金额 ${yuan(order.amountFen)} 元，已推送行政审批局兑付`,
    notice: (order: { amountFen: number }) => ({
      title: '已推送兑付',
      message: `核定金额 ${yuan(order.amountFen)} 元，已推送行政审批局兑付，到账后另行通知`,
    }),
  },
  paid: {
    from: ['sent_to_payer'],
    to: 'paid',
    note: paidMessage,
    notice: (payment: PaymentEnding) => ({ title: '奖补资金已到账', message: paidMessage(payment) }),
  },
  /** The bank returned the money; a return after settlement reaches a case already paid. */
  payment_returned: {
    from: ['sent_to_payer', 'paid'],
    to: 'payment_returned',
    note: returnedMessage,
    notice: (payment: PaymentEnding) => ({ title: '兑付被银行退回', message: returnedMessage(payment) }),
  },
  /** A returned payment is paid again, to the account the enterprise confirmed since. */
  payment_retried: {
    from: ['payment_returned'],
    to: 'sent_to_payer',
    note: retriedMessage,
    notice: (payment: PaymentEnding) => ({ title: '已按新账户重新兑付', message: retriedMessage(payment) }),
  },
  /** The payer gave up a payment that failed or came back; for the enterprise it is not paid, as a rejection. */
  payment_cancelled: {
    from: ['sent_to_payer', 'payment_returned'],
    to: 'payment_rejected',
    note: cancelledMessage,
    notice: (payment: PaymentEnding) => ({ title: '兑付已取消', message: cancelledMessage(payment) }),
  },
  /** The payer's review refused the payment (a red risk it did not release). */
  payment_rejected: {
    from: ['sent_to_payer'],
    to: 'payment_rejected',
    note: rejectedMessage,
    notice: (payment: PaymentEnding) => ({ title: '兑付未通过复核', message: rejectedMessage(payment) }),
  },
  /** 好差评: the enterprise rates the service once the case has ended (paid, rejected, or its payment rejected). */
  rated: {
    from: ['paid', 'rejected', 'payment_rejected'],
    to: 'stays',
    note: (rating: { score: number; comment?: string }) =>
      `评价：${rating.score} 分${rating.comment ? `，${rating.comment}` : ''}`,
  },
  /** An admin brings a stuck case's chain back from where it stopped. */
  chain_redriven: {
    from: CHAIN_STATUSES,
    to: 'stays',
    note: (redrive: { reason: string }) => `恢复审批流程（从中断处继续）：${redrive.reason}`,
  },
  /** An admin starts a new chain for a filed case whose chain cannot go on; a new one starts at the beginning. */
  chain_restarted: {
    from: ['submitted'],
    to: 'stays',
    note: (restart: { reason: string }) => `重新启动审批流程：${restart.reason}`,
  },
} as const satisfies Record<string, CaseEvent<never>>;

export type CaseEventName = keyof typeof CASE_EVENTS;
type EventOf<E extends CaseEventName> = (typeof CASE_EVENTS)[E];
type DetailsOf<E extends CaseEventName> = Parameters<EventOf<E>['note']>[0];
type Releases<E extends CaseEventName> = EventOf<E> extends { releasesChain: true } ? true : false;

/** What happened, beside the event's name: when, by whom, and what the step decided. */
export type Happening<E extends CaseEventName> = {
  at: string;
  /** The author, as the timeline names it ("role:subject", or a system name). */
  by: string;
} & Pick<TransitionOptions, 'fields' | 'guard' | 'decideTask' | 'openTask'> &
  (DetailsOf<E> extends undefined ? { details?: undefined } : { details: DetailsOf<E> }) &
  (EventOf<E> extends { parksChain: true } ? { parkToken: string } : unknown) &
  (Releases<E> extends true ? { resumeWith: unknown } : unknown) &
  (EventOf<E> extends { to: 'stays' } ? { status: CaseStatus } : unknown);

type StoreFor<E extends CaseEventName> =
  Releases<E> extends true ? Pick<CaseStore, 'releaseChain'> : Pick<CaseStore, 'transition'>;
type Applied<E extends CaseEventName> =
  Releases<E> extends true ? { record: Case; resume: PendingResume } : { record: Case };

const statusChanged = (current: Case) =>
  conflict('CASE_STATUS_CHANGED', `办件当前状态为“${current.status}”，不能办理此操作`, {
    status: current.status,
  });

/**
 * Applies an event to a case through the case store's one write path: conditional on the case as read, audited,
 * with the notice, any task and any resume in the same transaction. A case in a status the event may not leave is
 * refused on that read, before the caller's own guard.
 */
export async function applyCaseEvent<E extends CaseEventName>(
  cases: StoreFor<E>,
  caseId: string,
  name: E,
  happening: Happening<E>,
): Promise<Applied<E>> {
  const event: CaseEvent<unknown> = CASE_EVENTS[name];
  const { at, by, details, fields, guard, decideTask, openTask, parkToken, resumeWith, status } =
    happening as Happening<CaseEventName> & {
      details?: unknown;
      parkToken?: string;
      resumeWith?: unknown;
      status?: CaseStatus;
    };
  const to = event.to === 'stays' ? status : event.to;
  if (!to) throw new Error(`case event ${name} keeps the status, but the status read was not given`);
  // An event that keeps the status keeps the one the caller read: the case must not have moved since.
  const allowed =
    event.from === 'any' ? undefined : event.to === 'stays' ? event.from.filter((s) => s === to) : event.from;
  const entry: TimelineEntry = { at, status: to, by, note: event.note(details) };
  const options: TransitionOptions = {
    fields,
    guard: (current) => {
      if (allowed && !allowed.includes(current.status)) throw (event.refusal ?? statusChanged)(current);
      guard?.(current);
    },
    decideTask,
    openTask,
    parkToken,
    notify: event.notice?.(details),
  };
  if (event.releasesChain) {
    return (await (cases as Pick<CaseStore, 'releaseChain'>).releaseChain(caseId, entry, {
      ...options,
      resumeWith,
    })) as Applied<E>;
  }
  return {
    record: await (cases as Pick<CaseStore, 'transition'>).transition(caseId, entry, options),
  } as Applied<E>;
}
