// The catalog's vocabulary: policy items with their guide (办事指南), redemption mode and channel, and departments.
import * as z from 'zod';
import { isoDate } from '../dates.ts';
import { eligibilityRules } from '../eligibility.ts';
import { DomainError } from '../errors.ts';
import { plainText } from '../validation.ts';

export const MODES = ['auto', 'instant', 'review'] as const;
export type Mode = (typeof MODES)[number];
export const CHANNELS = ['online', 'window'] as const;
export type Channel = (typeof CHANNELS)[number];
export const POLICY_STATUSES = ['draft', 'published', 'suspended', 'expired'] as const;
export type PolicyStatus = (typeof POLICY_STATUSES)[number];

/** An amount in integer fen (分); the ceiling keeps every sum far inside JavaScript's exact integers. */
export const fen = z.number().int().positive().max(100_000_000_000);

const workingDays = z.number().int().min(0).max(60);

/** Time limits of each step in working days; the seeds' defaults are routing 1, initial 3, substantive 20, payer 1. */
export const timeLimits = z.strictObject({
  routing: workingDays,
  initialReview: workingDays,
  substantiveReview: workingDays,
  payer: workingDays,
});
export type TimeLimits = z.infer<typeof timeLimits>;

export const DEFAULT_TIME_LIMITS: Record<Mode, TimeLimits> = {
  auto: { routing: 0, initialReview: 0, substantiveReview: 0, payer: 1 },
  instant: { routing: 1, initialReview: 3, substantiveReview: 0, payer: 1 },
  review: { routing: 1, initialReview: 3, substantiveReview: 20, payer: 1 },
};

/** How much a case may be paid: a fixed sum, so much per unit, or a share of a base, each capped. */
export const amountRule = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), amountFen: fen }),
  z.strictObject({
    kind: z.literal('per_unit'),
    unitName: plainText(z.string().min(1).max(20)),
    unitFen: fen,
    capFen: fen,
  }),
  z.strictObject({
    kind: z.literal('percentage'),
    baseName: plainText(z.string().min(1).max(40)),
    basisPoints: z.number().int().min(1).max(10_000),
    capFen: fen,
  }),
]);
export type AmountRule = z.infer<typeof amountRule>;

/** The most a single case of the policy may be paid. */
export { capOf } from './amount-cap.ts';

export const material = z.strictObject({
  name: plainText(z.string().trim().min(1).max(100)),
  required: z.boolean(),
});

/** Where joint review (联合审核) sits in a process: before the department decision or after it. */
export const JOINT_REVIEW_PLACES = ['before_decision', 'after_decision'] as const;
export type JointReviewPlace = (typeof JOINT_REVIEW_PLACES)[number];

/**
 * The review steps a guide asks for where they differ from its mode's usual process (`processOf`); a step it leaves
 * out follows the mode. The department decision is in every process, and the announcement is `announcementDays`.
 */
export const processSteps = z.strictObject({
  eligibilityCheck: z.boolean().optional(),
  initialReview: z.boolean().optional(),
  substantiveReview: z.boolean().optional(),
  jointReview: z.enum(JOINT_REVIEW_PLACES).optional(),
});
export type ProcessSteps = z.infer<typeof processSteps>;

/** The guide's elements an admin (or the owning department) writes; every edit makes a new version. */
export const guide = z.strictObject({
  groupName: plainText(z.string().trim().min(1).max(100)),
  name: plainText(z.string().trim().min(1).max(200)),
  mode: z.enum(MODES),
  channel: z.enum(CHANNELS),
  basis: plainText(z.string().trim().min(1).max(2000), { multiline: true }),
  eligibility: z.strictObject({
    text: plainText(z.string().trim().min(1).max(4000), { multiline: true }),
    rules: eligibilityRules,
  }),
  materials: z.array(material).max(50),
  timeLimits,
  amountRule: amountRule.optional(),
  announcementDays: z.number().int().min(0).max(30),
  process: processSteps.optional(),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.optional(),
});
export type Guide = z.infer<typeof guide>;

export interface Department {
  id: string;
  name: string;
  divisionCode: string;
}

/** A policy item (惠企政策子项) as the catalog lists it, in its current version. */
export interface Policy extends Guide {
  id: string;
  divisionCode: string;
  /** The item's number in the jurisdiction's published list. */
  seq: number;
  departmentId: string;
  departmentName: string;
  status: PolicyStatus;
  version: number;
  updatedAt: string;
}

/** Whether the policy can be claimed on a date: published and inside its effective period. */
export const inEffect = (policy: Policy, date: string) =>
  policy.status === 'published' &&
  policy.effectiveFrom <= date &&
  (policy.effectiveTo === undefined || date <= policy.effectiveTo);

/** The refusal of a claim or a push on a policy outside its period (or not published). */
export const policyNotInEffect = (policy: Policy) =>
  new DomainError('POLICY_NOT_IN_EFFECT', 422, '该政策事项当前未在兑现期内', { status: policy.status });
