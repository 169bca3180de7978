// The bank port: the payer instructs a transfer to an enterprise's account, idempotently by payment id.
import type { BankAccount } from '../enterprises/types.ts';

export interface BankInstruction {
  paymentId: string;
  account: BankAccount;
  amountFen: number;
}

/** A returned payment names the bank's reason (account closed, name mismatch). */
export type BankOutcome = { outcome: 'settled' } | { outcome: 'returned'; reason: string };

export interface Bank {
  /** The same payment id always gets the first answer: a bank never pays one instruction twice. */
  instruct(instruction: BankInstruction, at: string): Promise<BankOutcome>;
  /** What the bank did with a payment id, if it was ever instructed. */
  lookup(paymentId: string): Promise<(BankOutcome & { amountFen: number; at: string }) | undefined>;
  /** The day's statement file (Asia/Shanghai date), as the bank delivers it: see `statement.ts`. */
  statementFile(date: string): Promise<string>;
}
