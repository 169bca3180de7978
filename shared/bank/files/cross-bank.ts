// Whether a payee banks where the payer does: bank templates ask 本行/他行, and a payment to another bank needs the
// payee's CNAPS bank code (联行号).

export interface BankRef {
  bankName?: string;
  /** CNAPS code of the account's branch (12 digits); its first three digits name the bank (102 工商银行, 105 建设银行). */
  bankCode?: string;
}

const CNAPS = /^\d{12}$/;

/** "中国工商银行股份有限公司定南支行" → "工商银行": the bank, without the country and the branch. */
function bankOf(name: string): string {
  const plain = name.replace(/\s/g, '').replace(/^中国(?!银行)/, '');
  const at = plain.indexOf('银行');
  return at > 0 ? plain.slice(0, at + 2) : plain;
}

/**
 * True when both accounts are at one bank, false when not, undefined when it cannot be told: by the CNAPS codes'
 * bank part when both have one, else by the banks' names.
 */
export function sameBank(payer: BankRef, payee: BankRef): boolean | undefined {
  if (payer.bankCode && payee.bankCode && CNAPS.test(payer.bankCode) && CNAPS.test(payee.bankCode))
    return payer.bankCode.slice(0, 3) === payee.bankCode.slice(0, 3);
  if (payer.bankName?.trim() && payee.bankName?.trim())
    return bankOf(payer.bankName) === bankOf(payee.bankName);
  return undefined;
}
