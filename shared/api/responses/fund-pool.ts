// What the fund-pool routes answer: budget allocations and pool balances, whitelist batches and their progress, and
// the payments the payer and finance watch.
import * as z from 'zod';
import { BANK_FILE_KINDS } from '../../bank/bank-files.ts';
import { PAYMENT_STATUSES, payoutOrder } from '../../payments/payments.ts';
import { WARNING_COLOURS, WARNING_RULES } from '../../risk/rules.ts';
import { actorName, count, fenAmount, instant } from './common.ts';

/** A pool's balance (资金池): funded, reserved for payments under way, paid, and what is left to use. */
const budget = z.object({
  policyId: z.string(),
  year: z.number().int(),
  fundedFen: fenAmount.describe('拨付总额（扣除收回与清算退回）'),
  reservedFen: fenAmount.describe('在途兑付已冻结的金额'),
  paidFen: fenAmount.describe('已兑付金额（扣除银行退回）'),
  availableFen: fenAmount.describe('可用余额'),
});

/** The pools of a jurisdiction for a year, or the one pool asked for. */
const budgetList = z.object({ items: z.array(budget) });

/** A budget allocated to a pool, or taken back from it; a repeated reference answers with the first allocation. */
const allocation = z.object({
  id: z.string(),
  policyId: z.string(),
  year: z.number().int(),
  amountFen: fenAmount.describe('正数为拨付，负数为收回'),
  ref: z.string().describe('拨付编号，同一编号只记一次'),
  at: instant,
  by: actorName.optional(),
  repeated: z.boolean().describe('true：该编号已拨付过，本次未再记账，返回的是首次拨付'),
  pool: budget,
});

/** A whitelist entry refused at the push: its line (1 = the first entry), a stable code and a Chinese message. */
const refusal = z.object({
  line: z.number().int().positive(),
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
});

/** The answer to a whitelist push (免申即享): how many entries were accepted, and which were refused and why. */
const whitelistPush = z.object({
  id: z.string().describe('白名单批次标识'),
  accepted: count,
  refused: z.array(refusal),
});

/** What a push would do, checked with nothing written. */
const whitelistCheck = z.object({
  accepted: count.describe('可受理的条目数'),
  refused: z.array(refusal),
});

/** How far a whitelist batch's payments have come. */
const whitelistBatchProgress = z.object({
  id: z.string(),
  policyId: z.string(),
  batchRef: z.string().describe('部门自编的批次号'),
  period: z.string(),
  departmentId: z.string(),
  accepted: count,
  refused: count.describe('推送时被拒的条目数，明细见 refusals'),
  refusals: z.array(refusal),
  queued: count.describe('已交付兑付队列的条目数'),
  paid: count,
  held: count.describe('因风险预警暂停、待兑付机构决定的条目数'),
  failed: count,
  returned: count,
  rejected: count,
  cancelled: count.describe('兑付机构取消的条目数'),
  awaitingBank: count.describe('已写入代发文件、等待银行回盘的条目数（也计入 inProgress）'),
  inProgress: count.describe('兑付尚未完成的条目数（排队、冻结或银行处理中）'),
  createdAt: instant,
});

/** The risk rules the payer screens every order against. */
const paymentRiskRule = z
  .enum(WARNING_RULES)
  .extract([
    'blacklisted',
    'paid_this_period',
    'account_shared',
    'account_recently_changed',
    'account_differs',
  ]);

/** What screening found on an order: a red warning holds the payment, a yellow one is shown with it. */
const paymentWarning = z.object({
  rule: paymentRiskRule,
  colour: z.enum(WARNING_COLOURS).exclude(['green']),
  detail: z.string(),
});

/** A payment of a payout order and where it stands. */
const payment = payoutOrder.extend({
  status: z.enum(PAYMENT_STATUSES),
  reason: z.string().optional().describe('失败、退回、暂停或拒付的原因'),
  warnings: z.array(paymentWarning),
  decidedBy: z.string().optional().describe('放行、拒付、重新兑付或取消该笔兑付的兑付机构人员'),
  attempt: z.number().int().min(2).optional().describe('第几次兑付；首次兑付时不出现'),
  cause: z
    .enum(['pool', 'payee', 'bank'])
    .optional()
    .describe('失败或退回的原因类别：pool 资金池额度、payee 企业账户、bank 银行；原因消除后自动重新兑付'),
  retriedFrom: z.enum(['failed', 'returned']).optional().describe('当前这次兑付由哪种状态重新发起'),
  receivedAt: instant,
  updatedAt: instant,
});

/** A payment as the list shows it, under its id. */
const listedPayment = payment.extend({ id: z.string().describe('同 paymentId') });

/** A payout order stuck in the dead-letter queue: failed, with what could be read of it. */
const deadLetterPayment = z.object({
  id: z.string(),
  status: z.literal('failed'),
  deadLetter: z.literal(true),
  reason: z.string(),
  uscc: z.string().optional(),
  policyId: z.string().optional(),
  amountFen: fenAmount.optional(),
  sentAt: instant.optional(),
});

/** A bank file: a payment file Huiqi made for online banking, or a file the bank gave back and the payer imported. */
const bankFile = z.object({
  id: z.string(),
  kind: z
    .enum(BANK_FILE_KINDS)
    .describe('payment 代发文件；result 处理结果；return 退汇通知；statement 对账单'),
  status: z
    .enum(['building', 'ready', 'applying', 'applied'])
    .describe('代发文件：building 生成中、ready 可下载；银行文件：applying 处理中、applied 已处理'),
  divisionCode: z.string(),
  fileName: z.string(),
  fileNo: z.string().optional().describe('代发文件编号（按区划与截止时点唯一）'),
  cutOff: instant.optional().describe('代发文件的截止时点：此前发出的兑付指令在本文件中'),
  lines: count,
  amountFen: fenAmount,
  applied: count.optional().describe('银行文件中已处理的行数'),
  refused: z
    .array(refusal.extend({ reference: z.string().optional() }))
    .optional()
    .describe('银行文件中未处理的行及原因'),
  digest: z.string().describe('文件内容的 SHA-256'),
  createdAt: instant,
  createdBy: z.string().optional(),
  downloads: z
    .array(z.object({ by: z.string(), at: instant }))
    .optional()
    .describe('代发文件的下载记录'),
});

/** Bank files newest first. */
const bankFileList = z.object({ items: z.array(bankFile) });

/** The answer to an imported bank file; the same file again answers with its first import, nothing applied twice. */
const bankFileImport = z.object({
  id: z.string(),
  kind: z.enum(BANK_FILE_KINDS),
  status: z
    .enum(['applying', 'applied'])
    .describe('applied 已全部处理；applying 文件较大，其余几分钟内由后台处理完毕（列表中可见）'),
  lines: count,
  applied: count,
  refused: z.array(refusal.extend({ reference: z.string().optional() })),
  repeated: z.boolean().describe('true：该文件已导入过，本次未重复处理，返回的是首次导入的结果'),
});

/** Payments newest first; unfiltered, the dead letters someone must look at head the list. */
const paymentPage = z.object({ items: z.array(z.union([listedPayment, deadLetterPayment])) });

export {
  allocation,
  bankFile,
  bankFileImport,
  bankFileList,
  budget,
  budgetList,
  deadLetterPayment,
  listedPayment,
  payment,
  paymentPage,
  paymentRiskRule,
  paymentWarning,
  refusal,
  whitelistBatchProgress,
  whitelistCheck,
  whitelistPush,
};
