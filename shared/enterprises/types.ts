// An enterprise (企业) as the platform knows it: identity, the attributes eligibility reads, and its bank account.
import * as z from 'zod';
import { isoDate } from '../dates.ts';
import { divisionCode } from '../division.ts';
import { type EligibilityFacts, ENTERPRISE_SIZES, enterpriseTag, industrySection } from '../eligibility.ts';
import { DomainError } from '../errors.ts';
import { plainText } from '../validation.ts';

export const bankAccount = z.strictObject({
  bankName: plainText(z.string().trim().min(1).max(100)),
  accountNo: z.string().regex(/^\d{8,32}$/, '银行账号应为 8–32 位数字'),
  accountName: plainText(z.string().trim().min(1).max(200)),
  /** The branch's CNAPS code (开户行联行号, 12 digits); a bank's payment file needs it to pay another bank's account. */
  bankCode: z
    .string()
    .regex(/^\d{12}$/, '开户行联行号应为 12 位数字')
    .optional(),
});
export type BankAccount = z.infer<typeof bankAccount>;

/** What an enterprise declares about itself; the payer pays only to an account in the enterprise's own name. */
export const enterpriseBody = z
  .strictObject({
    name: plainText(z.string().trim().min(1).max(200)),
    legalRepresentative: plainText(z.string().trim().min(1).max(50)),
    bankAccount,
    tags: z.array(enterpriseTag).max(30).optional(),
    industry: industrySection.optional(),
    size: z.enum(ENTERPRISE_SIZES).optional(),
    registeredOn: isoDate.optional(),
    divisionCode: divisionCode.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.bankAccount.accountName !== body.name) {
      ctx.addIssue({
        code: 'custom',
        path: ['bankAccount', 'accountName'],
        message: '银行账户户名须与企业名称一致',
        params: { code: 'ACCOUNT_NAME_MISMATCH' },
      });
    }
  });
export type EnterpriseBody = z.infer<typeof enterpriseBody>;

export interface BankAccountChange {
  from: BankAccount;
  to: BankAccount;
  at: string;
  by: string;
}

export interface Enterprise extends EligibilityFacts {
  uscc: string;
  name: string;
  legalRepresentative: string;
  bankAccount: BankAccount;
  /** When the current account was set; a recent change is a payout risk. */
  bankAccountSince: string;
  bankAccountChanges: BankAccountChange[];
  createdAt: string;
  updatedAt: string;
}

/** Nothing is filed or matched for an enterprise before it has confirmed its own profile and account. */
export const enterpriseNotRegistered = () =>
  new DomainError('ENTERPRISE_NOT_REGISTERED', 422, '企业尚未登记企业信息和银行账户，请先完善企业信息');
