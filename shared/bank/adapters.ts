// The bank adapter named by `BANK_ADAPTER`; a bank-enterprise link (银企直连) is added here.
import type { Bank } from './bank.ts';
import { simulatedBank } from './simulated.ts';

const BANKS: Record<string, (ledgerTable: string) => Bank> = { simulated: simulatedBank };

/** Fails the cold start, not the first payment, when the configuration names no adapter this build has. */
export function configuredBank(ledgerTable: string): Bank {
  const adapter = process.env.BANK_ADAPTER ?? 'simulated';
  const bank = BANKS[adapter];
  if (!bank) throw new Error(`BANK_ADAPTER ${adapter} is not one of ${Object.keys(BANKS).join(', ')}`);
  return bank(ledgerTable);
}
