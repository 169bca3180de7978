// Step 好差评与统计: both enterprises rate their cases, and finance reads the statistics by policy mode and department.
import { check, need } from '../checks.ts';
import type { DemoStep, Registered } from '../context.ts';
import { FINANCE } from '../fixtures.ts';
import { money } from '../labels.ts';

export const statsStep: DemoStep = {
  name: 'stats',
  title: '好差评与统计分析（Ratings and statistics）',
  async run(ctx) {
    const instant = need(ctx.instant, '即申即享办件');
    const review = need(ctx.review, '承诺兑现办件');
    const rate = async (who: Registered, caseId: string, score: number, comment: string) => {
      await ctx.request('企业评价', 'POST /applications/{id}/rating', {
        path: { id: caseId },
        as: who.actor,
        body: { score, comment },
        status: 201,
      });
      ctx.log(
        `  ${who.profile.name}评价办件 ${caseId}：${'★'.repeat(score)}${'☆'.repeat(5 - score)}「${comment}」`,
      );
    };
    await rate(instant.applicant, instant.caseId, 5, '申请当天资金到账，很方便');
    await rate(review.applicant, review.caseId, 3, '未通过，但理由和政策解释讲得清楚');

    const stats = await ctx.request('查询统计分析', 'GET /stats', {
      query: { to: ctx.today },
      as: FINANCE,
      status: 200,
    });
    const share = stats.policies.noApplicationOrInstantShare ?? 0;
    ctx.log(
      `  ${stats.from} 至 ${stats.to}：政策 ${stats.policies.total} 项，免申即享 ${stats.policies.byMode.auto} 项、即申即享 ${stats.policies.byMode.instant} 项，占 ${(share * 100).toFixed(1)}%（目标 ≥ ${stats.policies.target * 100}%：${stats.policies.meetsTarget ? '达标' : '未达标'}）`,
    );
    ctx.log(
      `  全县：办件 ${stats.totals.cases.filed} 件，兑付到账 ${stats.totals.payouts.paid} 笔 ${money(stats.totals.payouts.paidFen)}，银行退回 ${stats.totals.payouts.returned} 笔，好差评 ${stats.totals.ratings.count} 条（平均 ${stats.totals.ratings.average ?? '—'} 分）`,
    );
    ctx.log('  各部门（平均兑付用时最长的在前）：');
    for (const department of stats.departments) {
      const days = department.daysToPayment;
      if (days.count === 0 && department.cases.filed === 0) continue;
      ctx.log(
        `    ${ctx.departments.get(department.departmentId)?.name ?? department.departmentName}：办件 ${department.cases.filed}（不予通过 ${department.cases.rejected}），到账 ${department.payouts.paid} 笔 ${money(department.payouts.paidFen)}，平均 ${days.average ?? '—'} 个工作日，按时率 ${days.onTimeRate === null ? '—' : `${(days.onTimeRate * 100).toFixed(0)}%`}，评价 ${department.ratings.average ?? '—'} 分`,
      );
    }
    const rated = stats.departments.find((each) => each.departmentId === instant.department.id);
    check((rated?.ratings.count ?? 0) > 0, `统计中没有 ${instant.department.name} 的好差评`);
    ctx.stats = stats;
  },
};
