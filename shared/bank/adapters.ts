// The bank adapter named by `BANK_ADAPTER`: the simulated bank (local use and tests), or payment files exchanged
// through the payer's online banking; a bank-enterprise link (银企直连) is added here.
import type { Bank } from './bank.ts';
import { BANK_ADAPTERS, type BankAdapter, fileBankSettings } from './config.ts';
import { fileExchangeBank } from './file-exchange.ts';
import { simulatedBank } from './simulated.ts';

const BANKS: Record<BankAdapter, (ledgerTable: string) => Bank> = {
  simulated: simulatedBank,
  file: fileExchangeBank,
};

/** The adapter the configuration names (`simulated` unless told otherwise). */
export function configuredAdapter(): BankAdapter {
  const adapter = process.env.BANK_ADAPTER ?? 'simulated';
  if (!(BANK_ADAPTERS as readonly string[]).includes(adapter))
    throw new Error(`BANK_ADAPTER ${adapter} is not one of ${BANK_ADAPTERS.join(', ')}`);
  return adapter as BankAdapter;
}

/** Fails the cold start, not the first payment, when the configuration names no adapter this build has. */
export function configuredBank(ledgerTable: string): Bank {
  const adapter = configuredAdapter();
  // The file exchange's settings are checked at start too: a payment file must never fail for want of them.
  if (adapter === 'file') fileBankSettings();
  return BANKS[adapter](ledgerTable);
}
