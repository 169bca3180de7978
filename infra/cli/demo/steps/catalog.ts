// Step 一网查询: the public catalog and its departments, and the three items the story uses, each with its guide.
import type { Policy, PolicyPage } from '../answers.ts';
import { check } from '../checks.ts';
import type { DemoStep } from '../context.ts';
import { DEMO_POLICIES, type DemoPolicy } from '../fixtures.ts';
import { describePolicy } from '../policies.ts';

export const catalogStep: DemoStep = {
  name: 'catalog',
  title: '一网查询：政策目录（Catalog）',
  async run(ctx) {
    const departments = await ctx.request('查询主管部门', 'GET /departments', { status: 200 });
    for (const department of departments.items) ctx.departments.set(department.id, department);
    const listed: Policy[] = [];
    let cursor: string | null = null;
    do {
      const page: PolicyPage = await ctx.request('查询政策目录', 'GET /policies', {
        query: { limit: 100, cursor: cursor ?? undefined },
        status: 200,
      });
      listed.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const byMode = (mode: string) => listed.filter((policy) => policy.mode === mode).length;
    ctx.log(
      `  定南县惠企政策目录共 ${listed.length} 项：免申即享 ${byMode('auto')} 项、即申即享 ${byMode('instant')} 项、承诺兑现 ${byMode('review')} 项，主管部门 ${departments.items.length} 个`,
    );
    for (const [key, id] of Object.entries(DEMO_POLICIES) as [DemoPolicy, string][]) {
      const policy = await ctx.request(`查询政策事项 ${id}`, 'GET /policies/{id}', {
        path: { id },
        status: 200,
      });
      const wantedMode = { whitelist: 'auto', instant: 'instant', review: 'review' }[key];
      check(
        policy.mode === wantedMode && policy.status === 'published',
        `政策事项 ${id} 为 ${policy.mode}/${policy.status}，演示需要已发布的 ${wantedMode} 事项`,
      );
      // The seed never overwrites an item, so data kept from a version before guides existed has items without one.
      check(
        Array.isArray(policy.materials) &&
          policy.timeLimits !== undefined &&
          policy.eligibility !== undefined,
        `政策事项 ${id} 没有办事指南（申请材料、办理时限、享受条件）。平台数据可能来自更早的版本，目录种子不会覆盖已有事项：` +
          '可删除 .data/ 后重新 npm start，或用 HUIQI_DATA_DIR 指定新的数据目录（演示与 npm start 须使用同一目录）',
      );
      check(
        ctx.departments.has(policy.departmentId),
        `政策事项 ${id} 的主管部门 ${policy.departmentId} 不在部门列表中`,
      );
      ctx.policies[key] = policy;
      ctx.log(`  本次演示：${describePolicy(ctx, policy)}`);
    }
  },
};
