// Step 年终据实清算（预览）: the year's settlement statement of this run's pools, and the division's totals balancing.
import { check } from '../checks.ts';
import type { DemoStep } from '../context.ts';
import { FINANCE } from '../fixtures.ts';
import { money } from '../labels.ts';

export const settlementStep: DemoStep = {
  name: 'settlement',
  title: '年终据实清算（预览）（Settlement preview）',
  async run(ctx) {
    // Closing a pool is for good, and the demo runs again in the same year: it shows the statement finance settles
    // by, and leaves `POST /settlements` to finance at year end.
    const statement = await ctx.request('查询年度清算表', 'GET /settlements/{year}', {
      path: { year: ctx.year },
      as: FINANCE,
      status: 200,
    });
    for (const department of statement.departments) {
      const pools = department.pools.filter((pool) => ctx.pools.has(pool.policyId));
      for (const pool of pools)
        ctx.log(
          `  ${department.departmentName}「${pool.policyName}」：预拨 ${money(pool.allocatedFen)}，据实兑付 ${money(pool.paidFen)}，在途 ${money(pool.reservedFen)}，年终清算应退回财政 ${money(pool.availableFen)}（${pool.status === 'settled' ? '已清算' : '未清算'}）`,
        );
    }
    const totals = statement.totals;
    check(
      totals.allocatedFen === totals.paidFen + totals.reservedFen + totals.returnedFen + totals.availableFen,
      '清算表不平：预拨 ≠ 兑付 + 在途 + 退回 + 可用',
    );
    ctx.log(
      `  全县 ${statement.openPools + statement.settledPools} 个资金池：预拨 ${money(totals.allocatedFen)} = 据实兑付 ${money(totals.paidFen)} + 在途 ${money(totals.reservedFen)} + 已退回 ${money(totals.returnedFen)} + 结余 ${money(totals.availableFen)}`,
    );
    ctx.statement = statement;
  },
};
