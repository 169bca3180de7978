// Payout orders and the payments the payer makes of them.
import * as z from 'zod';
import type { Actor } from '../audit/chain.ts';
import { bankAccount } from '../enterprises/types.ts';
import { plainText } from '../validation.ts';

/** What the payer receives for an approved case or a whitelist entry. */
export const payoutOrder = z.object({
  /** Derived from the business key (case id, or department + batch reference + line), so a repeat names the same payment. */
  paymentId: z.string().min(1).max(200),
  source: z.enum(['case', 'whitelist']),
  caseId: z.string().optional(),
  /** The whitelist batch and the entry's line in it. */
  batchId: z.string().optional(),
  line: z.number().int().positive().optional(),
  policyId: z.string().min(1),
  policyName: z.string().min(1),
  departmentId: z.string().min(1),
  /** The claim period (a calendar year unless the batch names another): one payment per enterprise, policy, period. */
  period: z.string().min(1).max(20),
  uscc: z.string().length(18),
  enterpriseName: z.string().min(1),
  amountFen: z.number().int().positive(),
  /** The account to pay: the enterprise's confirmed one for a case, the department's verified one for an entry. */
  bankAccount,
  /** A whitelist line's own account, when the payment goes instead to the account its registered enterprise confirmed. */
  lineAccount: bankAccount.optional(),
  /** Agencies whose blacklist hit joint review already cleared for this case; their listing does not hold it again. */
  clearedBy: z.array(z.string()).optional(),
  orderedAt: z.string(),
});
export type PayoutOrder = z.infer<typeof payoutOrder>;

/** How long one payer invocation may run: the function's timeout, after which Lambda ends it. */
export const PAYER_TIMEOUT_SECONDS = 30;

/** An approved case is paid once: its payment is named by the case. */
export const casePaymentId = (caseId: string) => `case-${caseId}`;

/**
 * Where a payment stands. Most are recorded once, as they end; `held` when a red risk stops one with its money
 * reserved; `reserved` and `instructed` when a payment is rebuilt from the ledger, released by the payer or retried;
 * `awaiting_bank` while it is a line of a payment file whose result has not come back.
 */
export const PAYMENT_STATUSES = [
  'reserved',
  'held',
  'instructed',
  'awaiting_bank',
  'paid',
  'returned',
  'rejected',
  'failed',
  'cancelled',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * How far a payment has come: a redelivered order may repeat a step, but a status never goes back — except by a
 * retry, which claims a failed or returned payment explicitly and starts its next attempt.
 */
export const STATUS_RANK: Record<PaymentStatus, number> = {
  reserved: 1,
  held: 2,
  instructed: 3,
  awaiting_bank: 4,
  paid: 5,
  returned: 5,
  rejected: 5,
  failed: 5,
  cancelled: 5,
};

/**
 * Why a payment failed or came back, which decides what retries it: `pool` (not funded, exhausted) when the pool
 * can pay it again; `payee` (account closed, name mismatch) when the enterprise confirms another account; `bank`
 * (refused on the paying side: the payer's account short, the bank busy) after a pause, a few times. A payment
 * without a cause, or past those, is the payer's to retry or cancel (`causes.ts`).
 */
export type FailureCause = 'pool' | 'payee' | 'bank';

/** Statuses a payment may be retried or cancelled from. */
export const RETRYABLE_STATUSES: readonly PaymentStatus[] = ['failed', 'returned'];

/**
 * What the bank and the ledger know an attempt by: the payment id for the first, the id and `-R<n>` after it, so a
 * retry is a new instruction the bank pays once, and never the first again. (Payment ids end in a UUID's
 * lower-case hex or a five-digit line number, never in `-R` and digits.)
 */
export const attemptRef = (paymentId: string, attempt = 1) =>
  attempt > 1 ? `${paymentId}-R${attempt}` : paymentId;
const ATTEMPT_SUFFIX = /-R(\d+)$/;
/** The payment and attempt a bank reference or a transfer's ref names. */
export function attemptOf(ref: string): { paymentId: string; attempt: number } {
  const match = ATTEMPT_SUFFIX.exec(ref);
  return match
    ? { paymentId: ref.slice(0, match.index), attempt: Number(match[1]) }
    : { paymentId: ref, attempt: 1 };
}

/** The risk rules the payer screens every order against (风险预警). */
export type RiskRule =
  | 'blacklisted'
  | 'paid_this_period'
  | 'account_shared'
  | 'account_recently_changed'
  | 'account_differs';

/** A red warning holds the payment for the payer; a yellow one is shown with it. */
export interface RiskWarning {
  rule: RiskRule;
  colour: 'red' | 'yellow';
  detail: string;
}

export interface Payment extends PayoutOrder {
  status: PaymentStatus;
  /** Why a payment failed, came back, was held or rejected. */
  reason?: string;
  /** What screening found when the order first arrived; kept, so a redelivery is judged the same way. */
  warnings: RiskWarning[];
  /** The payer's staff who released or rejected a held payment. */
  decidedBy?: string;
  /** Which attempt the payment is on; absent for the first. Each attempt has its own transfers and bank reference. */
  attempt?: number;
  /** Why the payment failed or came back, when something can pass: see `FailureCause`. */
  cause?: FailureCause;
  /** Where the current attempt was retried from: a return was told to the enterprise, so its retry is too. */
  retriedFrom?: 'failed' | 'returned';
  receivedAt: string;
  updatedAt: string;
}

export const isHeldByRisk = (payment: Pick<Payment, 'warnings'>) =>
  payment.warnings.some((warning) => warning.colour === 'red');

export interface PaymentQuery {
  batchId?: string;
  status?: PaymentStatus;
  /** The payer's and finance's jurisdiction: payments of policies in this division. */
  divisionCode: string;
  limit: number;
}

export interface PaymentStore {
  /** Stores the payment unless its id exists, and returns the stored one either way. */
  recordOnce(payment: Payment): Promise<Payment>;
  /** Moves the payment forward; false if it is already at or past that point. */
  advance(
    paymentId: string,
    status: PaymentStatus,
    at: string,
    why?: { reason: string; cause?: FailureCause },
  ): Promise<boolean>;
  /** Moves the payment only if it is exactly `from` (a held payment is released or rejected once). */
  claim(
    paymentId: string,
    from: PaymentStatus,
    to: PaymentStatus,
    at: string,
    decision: { reason: string; actor: Actor; cause?: FailureCause },
  ): Promise<boolean>;
  /**
   * Starts the payment's next attempt: moves it from `from` at attempt `attempt` to `reserved` at `attempt + 1`,
   * to `account` if given, audited. False if someone else moved it first (so two retries cannot both start one).
   */
  retry(
    payment: Pick<Payment, 'paymentId' | 'status' | 'attempt'>,
    at: string,
    decision: { reason: string; actor: Actor; account?: Payment['bankAccount']; warning?: RiskWarning },
  ): Promise<boolean>;
  get(paymentId: string): Promise<Payment | undefined>;
  list(query: PaymentQuery): Promise<Payment[]>;
  /** The statuses of a batch's payments, for its progress. */
  statusesOfBatch(batchId: string): Promise<PaymentStatus[]>;
  /**
   * Enters the order among the payments to its enterprise for the policy and period, and returns the others that
   * are paid or on their way (one entered but not yet recorded counts as on its way). Of two orders entering at the
   * same instant, the second sees the first. Entering again changes nothing.
   */
  claimForPeriod(
    order: Pick<PayoutOrder, 'paymentId' | 'uscc' | 'policyId' | 'period'>,
  ): Promise<Pick<Payment, 'paymentId' | 'status'>[]>;
  /** Enters the enterprise among those paid into the account, and returns another already there, if any. */
  claimAccount(accountNo: string, uscc: string): Promise<string | undefined>;
  /**
   * Payments that last moved into `status` between `after` and `before` (ISO instants): the sweep re-drives
   * unfinished ones (a page of `limit`); statistics and risk warnings read every one of a period.
   */
  movedBetween(status: PaymentStatus, after: string, before: string, limit?: number): Promise<Payment[]>;
}

/** GET /payments: by batch, by case or by status, newest first. */
export const paymentQuery = z.strictObject({
  batchId: plainText(z.string().min(1).max(64)).optional(),
  caseId: plainText(z.string().min(1).max(64)).optional(),
  status: z.enum(PAYMENT_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** The payer's reason for releasing or rejecting a held payment, or retrying or cancelling a failed one, kept on it and in the audit trail. */
export const heldDecisionBody = z.strictObject({
  reason: plainText(z.string().trim().min(2).max(500), { multiline: true }),
});
