// The risk rules behind warnings (风险预警): their names, colours and thresholds.

export const WARNING_RULES = [
  'blacklisted',
  'paid_this_period',
  'account_shared',
  'account_recently_changed',
  'multi_department',
  'unusual_amount',
] as const;
export type WarningRule = (typeof WARNING_RULES)[number];
export const WARNING_COLOURS = ['red', 'yellow', 'green'] as const;
export type WarningColour = (typeof WARNING_COLOURS)[number];

/** An amount this many times the policy's median, or this many times smaller, is unusual. */
export const UNUSUAL_FACTOR = 3;
/** Fewer amounts than this say nothing of what is usual. */
export const UNUSUAL_MIN_SAMPLES = 5;
