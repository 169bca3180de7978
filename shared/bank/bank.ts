// The bank port: the payer instructs a transfer to an enterprise's account, idempotently by payment id.
import type { BankAccount } from '../enterprises/types.ts';

export interface BankInstruction {
  /** The payment's attempt as the bank knows it (`attemptRef`): the reference it echoes back. */
  paymentId: string;
  account: BankAccount;
  amountFen: number;
  /** The division whose clearing account pays: a payment file is made per payer account. */
  divisionCode: string;
}

/**
 * A returned payment names the bank's reason (account closed, name mismatch). `pending`: the bank has the
 * instruction (a line of a payment file) but its result has not come back yet.
 */
export type BankOutcome =
  | { outcome: 'settled' }
  | { outcome: 'returned'; reason: string }
  | { outcome: 'pending' };

/** A payment the bank settled and later sent back (退汇): the money comes back to the payer's account. */
export interface LateReturn {
  paymentId: string;
  amountFen: number;
  reason: string;
  at: string;
}

export interface Bank {
  /** The same payment id always gets the first answer: a bank never pays one instruction twice. */
  instruct(instruction: BankInstruction, at: string): Promise<BankOutcome>;
  /** What the bank did with a payment id, if it was ever instructed. */
  lookup(paymentId: string): Promise<(BankOutcome & { amountFen: number; at: string }) | undefined>;
  /** The day's statement file (Asia/Shanghai date), as the bank delivers it: see `statement.ts`. */
  statementFile(date: string): Promise<string>;
  /** The returns after settlement the bank notified on a day (Asia/Shanghai), each also a line of that day's file. */
  returnsOn(date: string): Promise<LateReturn[]>;
}
