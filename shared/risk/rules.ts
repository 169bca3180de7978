// The risk rules behind warnings (风险预警): their names, colours and thresholds. The payer screens each payout order
// as it arrives with the rules of one order (screening.ts); oversight adds the rules that look across a period's
// cases and payments (warnings.ts).

export const WARNING_RULES = [
  'blacklisted',
  'paid_this_period',
  'account_shared',
  'account_recently_changed',
  'account_differs',
  'multi_department',
  'unusual_amount',
] as const;
export type WarningRule = (typeof WARNING_RULES)[number];
export const WARNING_COLOURS = ['red', 'yellow', 'green'] as const;
export type WarningColour = (typeof WARNING_COLOURS)[number];

/** An account set up this recently is how payouts are most often diverted; the payer is told, not stopped. */
export const RECENT_ACCOUNT_DAYS = 30;
/** An amount this many times the policy's median, or this many times smaller, is unusual. */
export const UNUSUAL_FACTOR = 3;
/** Fewer amounts than this say nothing of what is usual. */
export const UNUSUAL_MIN_SAMPLES = 5;
