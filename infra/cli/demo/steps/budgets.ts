// Step 财政预拨: finance funds this year's pool of each policy the story pays from.
import { need } from '../checks.ts';
import type { DemoStep } from '../context.ts';
import { ALLOCATIONS, DEMO_POLICIES, FINANCE } from '../fixtures.ts';
import { money } from '../labels.ts';
import { fundPool } from '../pools.ts';

export const budgetStep: DemoStep = {
  name: 'budgets',
  title: '财政预拨资金池（Budget allocation）',
  async run(ctx) {
    for (const { policy: key, amountFen } of ALLOCATIONS) {
      const policy = need(ctx.policies[key], `政策事项 ${DEMO_POLICIES[key]}`);
      const allocation = await fundPool(ctx, policy, amountFen);
      ctx.pools.set(policy.id, allocation.pool);
      ctx.log(
        `  ${FINANCE.name}向「${policy.name}」${ctx.year} 年资金池拨付 ${money(allocation.amountFen)}（指标文号 ${allocation.ref}）`,
      );
      ctx.log(
        `    资金池：累计拨付 ${money(allocation.pool.fundedFen)}，可用 ${money(allocation.pool.availableFen)}，已兑付 ${money(allocation.pool.paidFen)}`,
      );
    }
  },
};
