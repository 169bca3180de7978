// The most a case of a policy may be paid, on its own so the web app caps an amount without loading the schemas.
import type { AmountRule } from './types.ts';

export const capOf = (rule: AmountRule): number => (rule.kind === 'fixed' ? rule.amountFen : rule.capFen);
