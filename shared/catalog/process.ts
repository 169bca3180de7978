// The process of a policy: which steps its approval chain runs, read from its guide, by default from its mode.
import type { Guide, JointReviewPlace, Mode, ProcessSteps, TimeLimits } from './types.ts';

/** What the route step hands to the approval chain, whose Choice states route on nothing else. */
export interface Process {
  /** 预审: eligibility checked again, on the pinned guide and the enterprise's profile, before anyone reviews. */
  eligibilityCheck: boolean;
  /** 初审: the department reviews the materials within the guide's initial-review limit. */
  initialReview: boolean;
  /** Site inspection or expert review, within the guide's substantive-review limit. */
  substantiveReview: boolean;
  /** The department decision fixes the amount the payer pays, so every process has one. */
  departmentDecision: true;
  /** 联合审核: agencies' blacklists, before the department decision or after it. */
  jointReview: JointReviewPlace;
  /** 公示 in working days once approved; 0 for none. */
  announcementDays: number;
}

/** The process each redemption mode has had from the start: 即申即享 (instant) and 承诺兑现 (review). */
export const MODE_PROCESSES: Record<Exclude<Mode, 'auto'>, Required<ProcessSteps>> = {
  instant: {
    eligibilityCheck: true,
    initialReview: false,
    substantiveReview: false,
    jointReview: 'before_decision',
  },
  review: {
    eligibilityCheck: false,
    initialReview: true,
    substantiveReview: true,
    jointReview: 'after_decision',
  },
};

/**
 * The guide's process: the steps it names, its mode's for the rest. A 免申即享 (auto) policy is paid from
 * whitelists and has no approval chain, so it has no process.
 */
export function processOf(guide: Pick<Guide, 'mode' | 'process' | 'announcementDays'>): Process {
  if (guide.mode === 'auto')
    throw new Error('免申即享 policies are paid from whitelists and have no process');
  const usual = MODE_PROCESSES[guide.mode];
  const asked = guide.process ?? {};
  return {
    eligibilityCheck: asked.eligibilityCheck ?? usual.eligibilityCheck,
    initialReview: asked.initialReview ?? usual.initialReview,
    substantiveReview: asked.substantiveReview ?? usual.substantiveReview,
    departmentDecision: true,
    jointReview: asked.jointReview ?? usual.jointReview,
    announcementDays: guide.announcementDays,
  };
}

/**
 * The working days from filing to payment a case of this guide is promised (承诺办结时限): the limits of the steps its
 * process runs, its announcement and the payer's day. An enterprise's slip and its case show the date they give.
 */
export function promisedWorkingDays(
  guide: Pick<Guide, 'mode' | 'process' | 'announcementDays'> & { timeLimits: TimeLimits },
): number {
  const process = processOf(guide);
  const limits = guide.timeLimits;
  return (
    limits.routing +
    (process.initialReview ? limits.initialReview : 0) +
    (process.substantiveReview ? limits.substantiveReview : 0) +
    process.announcementDays +
    limits.payer
  );
}
