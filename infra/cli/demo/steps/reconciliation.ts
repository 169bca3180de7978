// Step 财政对账: finance reconciles the day; this run's payments and pools show no discrepancy, the return is voided.
import { DISCREPANCY_NAMES } from '../../../../shared/reconciliations/reconciliation.ts';
import { check, need } from '../checks.ts';
import type { DemoStep } from '../context.ts';
import { FINANCE } from '../fixtures.ts';
import { listPayments, logPayment } from '../payments.ts';
import { reconcileToday } from '../reconciliations.ts';

export const reconciliationStep: DemoStep = {
  name: 'reconciliation',
  title: '财政对账（Reconciliation）',
  async run(ctx) {
    const whitelist = need(ctx.whitelist, '白名单批次');
    const instant = need(ctx.instant, '即申即享办件');
    const returned = need(ctx.returned, '银行退回的兑付');
    const ours = new Set([
      ...(whitelist.payments ?? []).map((payment) => payment.id),
      need(instant.payment, '办件兑付').paymentId,
    ]);
    const report = await reconcileToday(ctx);
    const checked = need(report.checked, '对账核对范围');
    ctx.log(
      `  核对台账兑付 ${checked.payments} 笔、银行流水 ${checked.statementLines} 行、资金池 ${checked.pools} 个；银行退回并已冲销 ${checked.returned} 笔；差异 ${report.discrepancies.length} 笔`,
    );
    check(
      checked.payments >= ours.size && checked.statementLines >= ours.size,
      `对账没有覆盖本次的 ${ours.size} 笔兑付：${JSON.stringify(checked)}`,
    );
    const mine = report.discrepancies.filter(
      (each) =>
        (each.paymentId !== undefined && ours.has(each.paymentId)) ||
        [...ctx.pools.keys()].some((policyId) => each.accountId === `pool:${policyId}:${ctx.year}`),
    );
    for (const each of report.discrepancies)
      ctx.log(
        `    ${mine.includes(each) ? '✗' : '·'} 差异 ${each.seq} ${DISCREPANCY_NAMES[each.type]}  ${each.paymentId ?? each.accountId ?? ''}：${each.detail}${each.resolution ? `（已处理：${each.resolution.note}）` : ''}`,
      );
    check(mine.length === 0, `本次演示的兑付或资金池出现 ${mine.length} 笔对账差异`);
    ctx.log(
      report.discrepancies.length === 0
        ? '  台账与银行流水逐笔相符，资金池收支平衡'
        : `  本次演示的兑付均相符；以上 ${report.discrepancies.length} 笔差异来自本平台此前的其他兑付`,
    );

    const returnedList = await listPayments(ctx, '查询银行退回的兑付', FINANCE, {
      status: 'returned',
      limit: 50,
    });
    const listedReturn = returnedList.find((each) => each.id === returned.id);
    check(listedReturn?.status === 'returned', `银行退回的兑付 ${returned.id} 不在退回列表中`);
    ctx.log(`  银行退回的兑付（已作废预留资金，不计为差异）：`);
    logPayment(ctx, listedReturn);
    ctx.reconciliation = report;
  },
};
