// What the demo tells a visitor at the end: whom to choose on the local sign-in page, and what each will find waiting.
import { demoIdentity } from '../../local/demo-identities.ts';
import { check } from './checks.ts';
import type { Actor, DemoContext, OpenReview, Workday } from './context.ts';
import { ADMIN, CREDIT_AGENCY, FINANCE, PAYER, WINDOW } from './fixtures.ts';
import { money, STEP_LABELS } from './labels.ts';

/** The name the sign-in page lists the actor under; an actor without an identity there could not be shown. */
function signInName(actor: Actor): string {
  const name = demoIdentity(actor.id)?.claims.name;
  check(name, `登录页没有 ${actor.id} 这个身份，无法登录查看`);
  return name;
}

const reviewLine = (review: OpenReview) =>
  `${review.applicant.profile.name}「${review.policy.name}」待${STEP_LABELS[review.task.step]}（${review.channel === 'window' ? '专窗代办' : `网上申请，附 PDF 材料 ${review.materials} 份`}）`;

export function printSignInGuide(ctx: DemoContext, workday: Workday) {
  /** Each identity with what it finds: a headline, then one line per item. */
  const found: [Actor, string, string[]][] = [];
  const departments = [
    ...new Map(workday.reviews.map((each) => [each.department.id, each.department])).values(),
  ];
  for (const department of departments) {
    const open = workday.reviews.filter((each) => each.department.id === department.id);
    const { returned } = workday;
    found.push([
      department,
      `「待办审核」${open.length} 件`,
      [
        ...open.map(reviewLine),
        ...(returned.department.id === department.id
          ? [
              `（已退回补正）${returned.applicant.profile.name}「${returned.policy.name}」，企业补正后回到待办`,
            ]
          : []),
      ],
    ]);
  }
  const { listed, held, lateReturn, discrepancy, draft } = workday;
  found.push([
    CREDIT_AGENCY,
    '「待办审核」1 件，「本部门名单」中有该企业',
    [`${listed.applicant.profile.name}「${listed.policy.name}」联合审核：命中本部门名单，待核实`],
  ]);
  found.push([
    PAYER,
    '暂停待核的兑付 1 笔，待放行或拒付',
    [`${held.enterpriseName} ${money(held.amountFen)}：红色预警，名单命中`],
  ]);
  found.push([
    FINANCE,
    discrepancy ? `对账 ${workday.reconciliation.id} 有 1 笔未处理差异` : '资金池',
    [
      ...(discrepancy
        ? [
            `差异 ${discrepancy.seq}：退回未冲销，${lateReturn.enterpriseName} ${money(lateReturn.amountFen)}（银行退汇；平台几分钟内自动冲销，核实后填写处理说明）`,
          ]
        : []),
      ...workday.pools.map(({ policy, pool }) => `资金池「${policy.name}」可用 ${money(pool.availableFen)}`),
    ],
  ]);
  found.push([ADMIN, '「政策事项管理」中有草稿 1 项', [`「${draft.name}」（${draft.id}），未发布`]]);
  const client = workday.returned.applicant;
  found.push([
    WINDOW,
    '「一窗受理」「办件查询与补正」',
    [
      `统一社会信用代码 ${client.actor.id}：${client.profile.name}`,
      `办件 ${workday.returned.case.id}：退回补正，可代企业补正`,
    ],
  ]);

  ctx.log('');
  ctx.log('  现在可以登录工作台查看（打开 npm start 打印的网址，在登录页按下列名称选择身份）：');
  for (const [actor, headline, items] of found) {
    ctx.log(`    · ${signInName(actor)}：${headline}`);
    for (const item of items) ctx.log(`        ${item}`);
  }
}
