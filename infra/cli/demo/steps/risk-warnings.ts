// Step 风险预警: the day's red, yellow and green warnings, the agency's cleared listing among the green.
import { check, need } from '../checks.ts';
import type { DemoStep } from '../context.ts';
import { PAYER } from '../fixtures.ts';
import { COLOUR_LABELS } from '../labels.ts';

export const riskStep: DemoStep = {
  name: 'risk-warnings',
  title: '风险预警：红黄绿三色（Risk warnings）',
  async run(ctx) {
    const instant = need(ctx.instant, '即申即享办件');
    const answer = await ctx.request('查询风险预警', 'GET /risk-warnings', {
      query: { from: ctx.today, to: ctx.today },
      as: PAYER,
      status: 200,
    });
    ctx.log(
      `  今日预警：红色 ${answer.counts.red ?? 0} 条（暂停兑付，待行政审批局处理）、黄色 ${answer.counts.yellow ?? 0} 条（提示关注）、绿色 ${answer.counts.green ?? 0} 条（已核实排除）`,
    );
    const cleared = answer.items.find(
      (each) => each.caseId === instant.caseId && each.rule === 'blacklisted',
    );
    check(
      cleared?.colour === 'green',
      `联审部门已排除的名单命中应为绿色预警，实为 ${cleared?.colour ?? '无'}`,
    );
    const ours = answer.items.filter((each) => each.uscc === instant.applicant.actor.id);
    for (const each of ours) ctx.log(`    【${COLOUR_LABELS[each.colour]}】${each.rule}  ${each.detail}`);
    ctx.warnings = answer.items;
  },
};
