// Finance's reconciliation of the day: requested, then waited for until the platform reports it done.
import type { Reconciliation } from './answers.ts';
import { check } from './checks.ts';
import type { DemoContext } from './context.ts';
import { FINANCE } from './fixtures.ts';
import { waitFor } from './waiting.ts';

export async function reconcileToday(ctx: DemoContext): Promise<Reconciliation> {
  const requested = await ctx.request(`${FINANCE.name}发起对账`, 'POST /reconciliations', {
    as: FINANCE,
    body: { from: ctx.today, to: ctx.today },
    status: 202,
  });
  ctx.log(`  ${FINANCE.name}发起 ${ctx.today} 的对账 → ${requested.id}`);
  return waitFor(ctx, '对账完成', async () => {
    const now = await ctx.request('查询对账', 'GET /reconciliations/{id}', {
      path: { id: requested.id },
      as: FINANCE,
      status: 200,
    });
    check(now.status !== 'failed', `对账失败：${now.reason ?? '（无原因）'}`);
    return { value: now.status === 'done' ? now : undefined, state: now.status };
  });
}
