// Step 兑付到账: the batch and the case are paid (the bank returns one line), enterprises told, pools balanced.
import type { ListedPayment } from '../answers.ts';
import { caseReaches } from '../cases.ts';
import { check, need } from '../checks.ts';
import type { DemoContext, DemoStep } from '../context.ts';
import { noticeReceived } from '../enterprises.ts';
import { FINANCE, type LineFate, PAYER } from '../fixtures.ts';
import { CASE_LABELS, money } from '../labels.ts';
import { listPayments, logPayment } from '../payments.ts';
import { waitFor } from '../waiting.ts';

export const paymentStep: DemoStep = {
  name: 'payments',
  title: '兑付到账与银行退回（Payments）',
  async run(ctx) {
    const whitelist = need(ctx.whitelist, '白名单批次');
    const instant = need(ctx.instant, '即申即享办件');
    const batchPayments = await whitelistPaid(ctx, whitelist);
    const casePayment = await casePaid(ctx, instant);
    await poolsBalance(ctx, [...batchPayments, casePayment]);
  },
};

type Whitelist = NonNullable<DemoContext['whitelist']>;
type InstantCase = NonNullable<DemoContext['instant']>;

/** The batch's progress and payments as the department's lines planned them, and the notice of the bank's return. */
async function whitelistPaid(ctx: DemoContext, whitelist: Whitelist): Promise<ListedPayment[]> {
  const accepted = whitelist.lines.filter((line) => line.fate === 'paid' || line.fate === 'returned');

  const progress = await waitFor(ctx, '白名单兑付', async () => {
    const now = await ctx.request('查询批次进度', 'GET /whitelist-batches/{id}', {
      path: { id: whitelist.batchId },
      as: whitelist.department,
      status: 200,
    });
    const done = now.queued === now.accepted && now.inProgress === 0;
    return {
      value: done ? now : undefined,
      state: `已排队 ${now.queued}/${now.accepted}，已到账 ${now.paid}，退回 ${now.returned}，暂停 ${now.held}，失败 ${now.failed}，处理中 ${now.inProgress}`,
    };
  });
  ctx.log(
    `  批次 ${whitelist.batchRef}：受理 ${progress.accepted}，拒收 ${progress.refused}，已到账 ${progress.paid}，银行退回 ${progress.returned}，暂停 ${progress.held}，失败 ${progress.failed}`,
  );
  const countOf = (fate: LineFate) => whitelist.lines.filter((line) => line.fate === fate).length;
  check(
    progress.accepted === accepted.length &&
      progress.refused === whitelist.refused.length &&
      progress.paid === countOf('paid') &&
      progress.returned === countOf('returned') &&
      progress.held + progress.failed + progress.rejected === 0,
    `批次进度不对：${JSON.stringify(progress)}`,
  );
  whitelist.progress = progress;

  const listed = await listPayments(ctx, `${PAYER.name}查询批次兑付`, PAYER, { batchId: whitelist.batchId });
  check(listed.length === accepted.length, `批次有 ${listed.length} 笔兑付，应为 ${accepted.length}`);
  ctx.log(`  ${PAYER.name}的兑付记录：`);
  for (const line of accepted) {
    const payment = listed.find((each) => each.uscc === line.uscc);
    check(payment, `${line.name}没有兑付记录`);
    check(
      payment.status === line.fate && payment.amountFen === line.amountFen,
      `${line.name}的兑付为 ${payment.status} ${payment.amountFen} 分，应为 ${line.fate} ${line.amountFen} 分`,
    );
    logPayment(ctx, payment);
    if (payment.status === 'returned') {
      check(payment.reason, `银行退回的兑付 ${payment.id} 没有退回原因`);
      ctx.returned = payment;
    }
  }
  whitelist.payments = listed;

  const returned = need(ctx.returned, '银行退回的兑付');
  await noticeReceived(
    ctx,
    { role: 'enterprise', id: returned.uscc, name: returned.enterpriseName },
    (each) => each.paymentId === returned.id && each.kind === 'payment_returned',
    `${returned.enterpriseName}没有收到银行退回的通知`,
  );
  return listed;
}

/** The approved case paid to the account its enterprise confirmed, with no red warning, and the enterprise told. */
async function casePaid(ctx: DemoContext, instant: InstantCase): Promise<ListedPayment> {
  const paid = await caseReaches(ctx, instant.applicant.actor, instant.caseId, 'paid', ['sent_to_payer']);
  const byCase = await listPayments(ctx, `${PAYER.name}查询办件兑付`, PAYER, { caseId: instant.caseId });
  const casePayment = byCase[0];
  check(
    byCase.length === 1 &&
      casePayment?.status === 'paid' &&
      casePayment.amountFen === paid.approvedAmountFen &&
      casePayment.bankAccount.accountNo === instant.applicant.accountNo,
    `办件 ${instant.caseId} 的兑付记录不对：${JSON.stringify(byCase)}`,
  );
  // The agency cleared its hit in joint review, so the payer must not hold the payment for that listing again.
  check(
    !casePayment.warnings.some((warning) => warning.colour === 'red'),
    `已经联审核查通过的办件仍被红色预警：${JSON.stringify(casePayment.warnings)}`,
  );
  ctx.log(`  办件 ${instant.caseId}（${instant.applicant.profile.name}）${CASE_LABELS[paid.status]}：`);
  logPayment(ctx, casePayment);
  await noticeReceived(
    ctx,
    instant.applicant.actor,
    (each) => each.caseId === instant.caseId && each.kind === 'paid',
    `${instant.applicant.profile.name}没有收到到账通知`,
  );
  instant.case = paid;
  instant.payment = casePayment;
  return casePayment;
}

/** Each pool this run funded balances, and has paid out exactly what this run's payments paid from it. */
async function poolsBalance(ctx: DemoContext, payments: ListedPayment[]) {
  const pools = await ctx.request('查询资金池', 'GET /budgets', {
    query: { year: ctx.year },
    as: FINANCE,
    status: 200,
  });
  const paidHere = new Map<string, number>();
  for (const payment of payments)
    if (payment.status === 'paid')
      paidHere.set(payment.policyId, (paidHere.get(payment.policyId) ?? 0) + payment.amountFen);
  ctx.log(`  资金池（${ctx.year} 年）：`);
  for (const [policyId, before] of ctx.pools) {
    const pool = pools.items.find((each) => each.policyId === policyId);
    check(pool, `资金池 ${policyId} 不在列表中`);
    check(
      pool.fundedFen === pool.availableFen + pool.reservedFen + pool.paidFen,
      `资金池 ${policyId} 不平：${JSON.stringify(pool)}`,
    );
    const paidNow = pool.paidFen - before.paidFen;
    check(
      paidNow === (paidHere.get(policyId) ?? 0),
      `资金池 ${policyId} 本次兑付 ${paidNow} 分，应为 ${paidHere.get(policyId) ?? 0} 分`,
    );
    ctx.log(
      `    ${policyId}：拨付 ${money(pool.fundedFen)}，已兑付 ${money(pool.paidFen)}（本次 ${money(paidNow)}），预留 ${money(pool.reservedFen)}，可用 ${money(pool.availableFen)}`,
    );
  }
}
