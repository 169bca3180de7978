// Step 免申即享白名单: the department writes its whitelist spreadsheet and pushes it; faulty lines are refused by number.
import { capOf, guide } from '../../../../shared/catalog/types.ts';
import { yuan } from '../../../../shared/money.ts';
import { readWhitelistSheet } from '../../whitelist-sheet.ts';
import type { Policy } from '../answers.ts';
import { check, need } from '../checks.ts';
import type { DemoStep } from '../context.ts';
import { ELECTRICITY_RULE } from '../fixtures.ts';
import { money } from '../labels.ts';
import { departmentOf } from '../policies.ts';
import { sheetLines, writeSpreadsheet } from '../spreadsheet.ts';

export const whitelistStep: DemoStep = {
  name: 'whitelist',
  title: '部门推送免申即享白名单表格（Whitelist spreadsheet）',
  async run(ctx) {
    let policy = need(ctx.policies.whitelist, '免申即享政策事项');
    const department = departmentOf(ctx, policy);
    // The seed leaves amounts to the owning department; without a standard there is no cap to refuse a line over.
    if (!policy.amountRule) {
      policy = await ctx.request(`${department.name}补充兑付标准`, 'PUT /policies/{id}', {
        path: { id: policy.id },
        as: department,
        body: { ...guideOf(policy), amountRule: ELECTRICITY_RULE },
        status: 200,
      });
      check(policy.amountRule !== undefined, `${policy.id} 的新版本没有兑付标准`);
      ctx.policies.whitelist = policy;
      ctx.log(`  ${department.name}在办事指南中补充兑付标准，形成第 ${policy.version} 版`);
    }
    const rule = need(policy.amountRule, '兑付标准');
    const cap = capOf(rule);
    ctx.log(
      `  兑付标准：${rule.kind === 'per_unit' ? `每${rule.unitName} ${yuan(rule.unitFen)} 元，` : ''}单户上限 ${money(cap)}`,
    );

    const lines = sheetLines(ctx.run, cap);
    const batchRef = `电价补贴-${ctx.run.label}`;
    const file = await writeSpreadsheet(batchRef, lines);
    ctx.log(`  ${department.name}整理白名单表格：${file}（${lines.length} 行）`);

    const rows = await readWhitelistSheet(file);
    check(rows.length === lines.length, `表格读出 ${rows.length} 行，写入的是 ${lines.length} 行`);
    for (const row of rows)
      ctx.log(
        `    表格第 ${row.row} 行  ${row.entry.uscc}  ${row.entry.enterpriseName}  ${row.entry.accountNo}  ${money(Number(row.entry.amountFen))}`,
      );

    const pushed = await ctx.request(`${department.name}推送白名单`, 'POST /whitelist-batches', {
      as: department,
      body: { policyId: policy.id, batchRef, entries: rows.map((row) => row.entry) },
      status: 202,
    });
    const expectedRefusals = lines.flatMap((line, index) =>
      line.fate === 'paid' || line.fate === 'returned' ? [] : [{ line: index + 1, code: line.fate }],
    );
    ctx.log(
      `  推送批次 ${batchRef} → 批次号 ${pushed.id}：受理 ${pushed.accepted} 行，拒收 ${pushed.refused.length} 行`,
    );
    for (const refusal of pushed.refused)
      ctx.log(
        `    ✗ 表格第 ${rows[refusal.line - 1]?.row ?? '?'} 行（第 ${refusal.line} 条）${refusal.code}${refusal.field ? ` [${refusal.field}]` : ''}：${refusal.message}`,
      );
    check(
      pushed.accepted === lines.length - expectedRefusals.length &&
        JSON.stringify(pushed.refused.map((r) => ({ line: r.line, code: r.code }))) ===
          JSON.stringify(expectedRefusals),
      `白名单拒收的行不对：应拒收 ${JSON.stringify(expectedRefusals)}，平台答复 ${JSON.stringify(pushed.refused)}`,
    );
    ctx.whitelist = { department, file, batchRef, batchId: pushed.id, rows, lines, refused: pushed.refused };
  },
};

type GuideField = keyof typeof guide.shape;

/** The guide's own fields of a policy, which a new version of the guide is sent with. */
function guideOf(policy: Policy): Pick<Policy, GuideField> {
  const fields = (Object.keys(guide.shape) as GuideField[]).filter((f) => policy[f] !== undefined);
  return Object.fromEntries(fields.map((f) => [f, policy[f]])) as Pick<Policy, GuideField>;
}
