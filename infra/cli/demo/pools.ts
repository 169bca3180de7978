// Finance funds a pool for the story: one allocation per run and policy (its reference names both), checked.
import type { Policy } from './answers.ts';
import { check } from './checks.ts';
import type { DemoContext } from './context.ts';
import { FINANCE } from './fixtures.ts';

export async function fundPool(ctx: DemoContext, policy: Policy, amountFen: number) {
  const ref = `CZ-${ctx.run.label}-${policy.seq}`;
  const allocation = await ctx.request(`${FINANCE.name}拨付资金池`, 'POST /budgets/allocations', {
    as: FINANCE,
    body: { policyId: policy.id, year: ctx.year, amountFen, ref },
    status: 201,
  });
  check(
    allocation.repeated === false &&
      allocation.amountFen === amountFen &&
      allocation.pool.policyId === policy.id &&
      allocation.pool.fundedFen >= amountFen &&
      allocation.pool.availableFen >= amountFen,
    `拨款 ${ref} 的答复不对：${JSON.stringify(allocation)}`,
  );
  return allocation;
}
