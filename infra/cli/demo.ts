// `npm run demo [-- --api http://127.0.0.1:3000]`: tells the platform's story against a running `npm start`, step by
// step in Chinese — finance funds the pools, a department pushes its whitelist spreadsheet, enterprises apply, reviewers
// and an agency decide, the payer pays (and the bank returns one), finance reconciles the day. Every answer is checked,
// so the demo doubles as a smoke test: anything unexpected ends it with exit code 1 and a message saying what.
//
// The steps are a list (DEMO_STEPS) sharing one context: a step reads what earlier steps left on the context and
// leaves its own results there, so the next part of the story is one more entry at the end of the list.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { capOf, guide } from '../../shared/catalog/types.ts';
import { yuan } from '../../shared/money.ts';
import type { Role } from '../../shared/principal.ts';
import { DISCREPANCY_NAMES } from '../../shared/reconciliations/reconciliation.ts';
import { loadIssuer } from '../local/issuer.ts';
import { LOCAL_AUDIENCE, localIssuerUrl, resolveDataDir } from '../local/issuer-config.ts';
import { platformUrl, portOf } from '../local/platform-address.ts';
import type { ListedPayment, Policy, PolicyPage } from './demo/answers.ts';
import { caseReaches, logTimeline } from './demo/cases.ts';
import { check, DemoError, need } from './demo/checks.ts';
import {
  createContext,
  type DemoContext,
  type DemoOptions,
  type DemoStep,
  type Registered,
  type TokenFor,
} from './demo/context.ts';
import { noticeReceived, register, uploadMaterials } from './demo/enterprises.ts';
import {
  ALLOCATIONS,
  BLACKLIST_REASON,
  CLEARANCE_REASON,
  CREDIT_AGENCY,
  DEMO_POLICIES,
  type DemoPolicy,
  DIVISION,
  ELECTRICITY_RULE,
  FINANCE,
  INSTANT_APPLICANT,
  type LineFate,
  PAYER,
  REJECTION,
  REVIEW_APPLICANT,
  WINDOW,
} from './demo/fixtures.ts';
import { CASE_LABELS, COLOUR_LABELS, money } from './demo/labels.ts';
import { listPayments, logPayment } from './demo/payments.ts';
import { departmentOf, describePolicy, withinCap } from './demo/policies.ts';
import { sheetLines, writeSpreadsheet } from './demo/spreadsheet.ts';
import { decide, openTask } from './demo/tasks.ts';
import { waitFor } from './demo/waiting.ts';
import { readWhitelistSheet } from './whitelist-sheet.ts';

export { check, DemoError } from './demo/checks.ts';
export type {
  Actor,
  DemoContext,
  DemoOptions,
  DemoStep,
  Registered,
  RequestOptions,
  TokenFor,
} from './demo/context.ts';
export { DEMO_POLICIES } from './demo/fixtures.ts';
export { demoUscc, type RunIds, runIdsAt } from './demo/run-ids.ts';
export { waitFor } from './demo/waiting.ts';

const catalogStep: DemoStep = {
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

const budgetStep: DemoStep = {
  name: 'budgets',
  title: '财政预拨资金池（Budget allocation）',
  async run(ctx) {
    for (const { policy: key, amountFen } of ALLOCATIONS) {
      const policy = need(ctx.policies[key], `政策事项 ${DEMO_POLICIES[key]}`);
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
          allocation.pool.fundedFen >= amountFen,
        `拨款 ${ref} 的答复不对：${JSON.stringify(allocation)}`,
      );
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

const whitelistStep: DemoStep = {
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

const applicationStep: DemoStep = {
  name: 'applications',
  title: '企业申报：即申即享网上申请、承诺兑现专窗代办（Applications）',
  async run(ctx) {
    const instantPolicy = need(ctx.policies.instant, '即申即享政策事项');
    const reviewPolicy = need(ctx.policies.review, '承诺兑现政策事项');

    // Background: the credit agency's list already names the first applicant, which joint review will find.
    const applicant = await register(ctx, INSTANT_APPLICANT, 10);
    const listed = await ctx.request(`${CREDIT_AGENCY.name}登记名单`, 'PUT /blacklist/{uscc}', {
      path: { uscc: applicant.actor.id },
      as: CREDIT_AGENCY,
      body: { reason: BLACKLIST_REASON, listedUntil: `${ctx.year}-12-31` },
      status: 200,
    });
    check(listed.agencyId === CREDIT_AGENCY.id, `名单记录的联审部门为 ${listed.agencyId}`);
    ctx.log(`    （背景）${CREDIT_AGENCY.name}名单中有该企业：${listed.reason}`);

    const materials = await uploadMaterials(ctx, applicant.actor, applicant, instantPolicy);
    const filed = await ctx.request(`${applicant.profile.name}网上申请`, 'POST /applications', {
      as: applicant.actor,
      body: {
        policyId: instantPolicy.id,
        requestedAmountFen: withinCap(instantPolicy, applicant.profile.requestedFen),
        materialIds: materials,
      },
      status: 201,
    });
    check(
      filed.policyId === instantPolicy.id &&
        filed.channel === 'online' &&
        filed.materialIds?.length === materials.length,
      `即申即享办件的答复不对：${JSON.stringify(filed)}`,
    );
    ctx.log(
      `  ${applicant.profile.name}网上申请${describePolicy(ctx, instantPolicy)}，申请 ${money(filed.requestedAmountFen ?? 0)} → 办件 ${filed.id}（${CASE_LABELS[filed.status]}）`,
    );
    ctx.instant = { applicant, caseId: filed.id, department: departmentOf(ctx, instantPolicy) };

    // The reviewed item is taken at the window: staff file for the enterprise, which confirmed its own account.
    const client = await register(ctx, REVIEW_APPLICANT, 11);
    const windowMaterials = await uploadMaterials(ctx, WINDOW, client, reviewPolicy);
    const atWindow = await ctx.request(`${WINDOW.name}代办申请`, 'POST /applications', {
      as: WINDOW,
      body: {
        policyId: reviewPolicy.id,
        onBehalfOf: client.actor.id,
        requestedAmountFen: withinCap(reviewPolicy, client.profile.requestedFen),
        materialIds: windowMaterials,
      },
      status: 201,
    });
    check(
      atWindow.uscc === client.actor.id && atWindow.channel === 'window' && atWindow.filedBy === WINDOW.id,
      `专窗代办办件的答复不对：${JSON.stringify(atWindow)}`,
    );
    ctx.log(
      `  ${WINDOW.name}代${client.profile.name}申请${describePolicy(ctx, reviewPolicy)}，申请 ${money(atWindow.requestedAmountFen ?? 0)} → 办件 ${atWindow.id}（${CASE_LABELS[atWindow.status]}）`,
    );
    ctx.review = { applicant: client, caseId: atWindow.id, department: departmentOf(ctx, reviewPolicy) };
  },
};

const reviewStep: DemoStep = {
  name: 'review',
  title: '部门审核：初审、现场核查、决定（Department review）',
  async run(ctx) {
    const review = need(ctx.review, '承诺兑现办件');
    const { department, caseId } = review;
    const initial = await openTask(ctx, department, caseId, 'initial_review');
    ctx.log(`  ${department.name}收到初审任务 ${initial.id}，办理时限至 ${initial.dueDate}`);
    await decide(ctx, department, initial, { outcome: 'approve', reason: '材料齐全，符合受理条件' });
    const inspection = await openTask(ctx, department, caseId, 'substantive_review');
    ctx.log(`  ${department.name}收到实质审查任务 ${inspection.id}，办理时限至 ${inspection.dueDate}`);
    await decide(ctx, department, inspection, {
      outcome: 'approve',
      reason: '现场核查：项目已投产，核实固定资产投资 6800 万元',
    });
    const decision = await openTask(ctx, department, caseId, 'department_decision');
    await decide(ctx, department, decision, { outcome: 'reject', ...REJECTION });

    const rejected = await caseReaches(ctx, WINDOW, caseId, 'rejected', ['submitted', 'in_review']);
    check(
      rejected.decisionReason === REJECTION.reason && rejected.decisionExplanation === REJECTION.explanation,
      `办件 ${caseId} 记录的不予通过理由不对：${rejected.decisionReason} / ${rejected.decisionExplanation}`,
    );
    ctx.log(`  办件 ${caseId}：${CASE_LABELS[rejected.status]}`);
    ctx.log(`    理由：${rejected.decisionReason}`);
    ctx.log(`    政策解释：${rejected.decisionExplanation}`);
    logTimeline(ctx, rejected);
    await noticeReceived(
      ctx,
      review.applicant.actor,
      (each) => each.caseId === caseId && each.kind === 'rejected',
      `${review.applicant.profile.name}没有收到不予通过的通知`,
    );
    review.case = rejected;
  },
};

const jointReviewStep: DemoStep = {
  name: 'joint-review',
  title: '联合审核：联审部门核查名单命中，主管部门核定金额（Joint review）',
  async run(ctx) {
    const instant = need(ctx.instant, '即申即享办件');
    const { caseId, department, applicant } = instant;
    // 即申即享 screens before the department decides: the case waits for the agency first.
    const screened = await waitFor(ctx, '联合审核筛查', async () => {
      const record = await ctx.request('企业查询办件', 'GET /applications/{id}', {
        path: { id: caseId },
        as: applicant.actor,
        status: 200,
      });
      check(record.status === 'submitted' || record.status === 'in_review', `办件已变为 ${record.status}`);
      return { value: record.jointReview ? record : undefined, state: CASE_LABELS[record.status] };
    });
    const hit = screened.jointReview?.find((each) => each.agencyId === CREDIT_AGENCY.id);
    check(
      hit && !hit.outcome,
      `联合审核没有发现 ${CREDIT_AGENCY.id} 的名单命中：${JSON.stringify(screened.jointReview)}`,
    );
    ctx.log(`  联合审核命中 ${hit.agencyId}（${CREDIT_AGENCY.name}）：${hit.reason}`);

    const task = await openTask(ctx, CREDIT_AGENCY, caseId, 'joint_review');
    const departmentTasks = await ctx.request(`${department.name}查看待办`, 'GET /tasks', {
      as: department,
      status: 200,
    });
    check(
      !departmentTasks.items.some((each) => each.caseId === caseId),
      `联审未完成，${department.name}却已有该办件的任务`,
    );
    ctx.log(
      `  ${CREDIT_AGENCY.name}收到核查任务 ${task.id}，办理时限至 ${task.dueDate}；${department.name}暂无此件`,
    );
    await decide(ctx, CREDIT_AGENCY, task, { outcome: 'approve', reason: CLEARANCE_REASON });

    const decision = await openTask(ctx, department, caseId, 'department_decision');
    const policy = need(ctx.policies.instant, '即申即享政策事项');
    const approvedFen = withinCap(policy, applicant.profile.requestedFen);
    await decide(ctx, department, decision, {
      outcome: 'approve',
      amountFen: approvedFen,
      reason: '两件发明专利已授权，符合奖励条件',
    });

    const sent = await caseReaches(ctx, applicant.actor, caseId, 'sent_to_payer', ['submitted', 'in_review']);
    check(
      sent.approvedAmountFen === approvedFen,
      `办件核定金额为 ${sent.approvedAmountFen}，应为 ${approvedFen}`,
    );
    const cleared = sent.jointReview?.find((each) => each.agencyId === CREDIT_AGENCY.id);
    check(
      cleared?.outcome === 'cleared' && cleared.decidedBy === `agency:${CREDIT_AGENCY.id}`,
      `联合审核结论未记录：${JSON.stringify(sent.jointReview)}`,
    );
    ctx.log(`  办件 ${caseId}：${CASE_LABELS[sent.status]}，核定 ${money(sent.approvedAmountFen ?? 0)}`);
    logTimeline(ctx, sent);
    instant.case = sent;
  },
};

const paymentStep: DemoStep = {
  name: 'payments',
  title: '兑付到账与银行退回（Payments）',
  async run(ctx) {
    const whitelist = need(ctx.whitelist, '白名单批次');
    const instant = need(ctx.instant, '即申即享办件');
    const batchPayments = await whitelistPaid(ctx, whitelist);
    const casePayment = await casePaid(ctx, instant);
    await poolsBalance(ctx, [...batchPayments, casePayment]);
  },
};

type Whitelist = NonNullable<DemoContext['whitelist']>;
type InstantCase = NonNullable<DemoContext['instant']>;

/** The batch's progress and payments as the department's lines planned them, and the notice of the bank's return. */
async function whitelistPaid(ctx: DemoContext, whitelist: Whitelist): Promise<ListedPayment[]> {
  const accepted = whitelist.lines.filter((line) => line.fate === 'paid' || line.fate === 'returned');

  const progress = await waitFor(ctx, '白名单兑付', async () => {
    const now = await ctx.request('查询批次进度', 'GET /whitelist-batches/{id}', {
      path: { id: whitelist.batchId },
      as: whitelist.department,
      status: 200,
    });
    const done = now.queued === now.accepted && now.inProgress === 0;
    return {
      value: done ? now : undefined,
      state: `已排队 ${now.queued}/${now.accepted}，已到账 ${now.paid}，退回 ${now.returned}，暂停 ${now.held}，失败 ${now.failed}，处理中 ${now.inProgress}`,
    };
  });
  ctx.log(
    `  批次 ${whitelist.batchRef}：受理 ${progress.accepted}，拒收 ${progress.refused}，已到账 ${progress.paid}，银行退回 ${progress.returned}，暂停 ${progress.held}，失败 ${progress.failed}`,
  );
  const countOf = (fate: LineFate) => whitelist.lines.filter((line) => line.fate === fate).length;
  check(
    progress.accepted === accepted.length &&
      progress.refused === whitelist.refused.length &&
      progress.paid === countOf('paid') &&
      progress.returned === countOf('returned') &&
      progress.held + progress.failed + progress.rejected === 0,
    `批次进度不对：${JSON.stringify(progress)}`,
  );
  whitelist.progress = progress;

  const listed = await listPayments(ctx, `${PAYER.name}查询批次兑付`, PAYER, { batchId: whitelist.batchId });
  check(listed.length === accepted.length, `批次有 ${listed.length} 笔兑付，应为 ${accepted.length}`);
  ctx.log(`  ${PAYER.name}的兑付记录：`);
  for (const line of accepted) {
    const payment = listed.find((each) => each.uscc === line.uscc);
    check(payment, `${line.name}没有兑付记录`);
    check(
      payment.status === line.fate && payment.amountFen === line.amountFen,
      `${line.name}的兑付为 ${payment.status} ${payment.amountFen} 分，应为 ${line.fate} ${line.amountFen} 分`,
    );
    logPayment(ctx, payment);
    if (payment.status === 'returned') {
      check(payment.reason, `银行退回的兑付 ${payment.id} 没有退回原因`);
      ctx.returned = payment;
    }
  }
  whitelist.payments = listed;

  const returned = need(ctx.returned, '银行退回的兑付');
  await noticeReceived(
    ctx,
    { role: 'enterprise', id: returned.uscc, name: returned.enterpriseName },
    (each) => each.paymentId === returned.id && each.kind === 'payment_returned',
    `${returned.enterpriseName}没有收到银行退回的通知`,
  );
  return listed;
}

/** The approved case paid to the account its enterprise confirmed, with no red warning, and the enterprise told. */
async function casePaid(ctx: DemoContext, instant: InstantCase): Promise<ListedPayment> {
  const paid = await caseReaches(ctx, instant.applicant.actor, instant.caseId, 'paid', ['sent_to_payer']);
  const byCase = await listPayments(ctx, `${PAYER.name}查询办件兑付`, PAYER, { caseId: instant.caseId });
  const casePayment = byCase[0];
  check(
    byCase.length === 1 &&
      casePayment?.status === 'paid' &&
      casePayment.amountFen === paid.approvedAmountFen &&
      casePayment.bankAccount.accountNo === instant.applicant.accountNo,
    `办件 ${instant.caseId} 的兑付记录不对：${JSON.stringify(byCase)}`,
  );
  // The agency cleared its hit in joint review, so the payer must not hold the payment for that listing again.
  check(
    !casePayment.warnings.some((warning) => warning.colour === 'red'),
    `已经联审核查通过的办件仍被红色预警：${JSON.stringify(casePayment.warnings)}`,
  );
  ctx.log(`  办件 ${instant.caseId}（${instant.applicant.profile.name}）${CASE_LABELS[paid.status]}：`);
  logPayment(ctx, casePayment);
  await noticeReceived(
    ctx,
    instant.applicant.actor,
    (each) => each.caseId === instant.caseId && each.kind === 'paid',
    `${instant.applicant.profile.name}没有收到到账通知`,
  );
  instant.case = paid;
  instant.payment = casePayment;
  return casePayment;
}

/** Each pool this run funded balances, and has paid out exactly what this run's payments paid from it. */
async function poolsBalance(ctx: DemoContext, payments: ListedPayment[]) {
  const pools = await ctx.request('查询资金池', 'GET /budgets', {
    query: { year: ctx.year },
    as: FINANCE,
    status: 200,
  });
  const paidHere = new Map<string, number>();
  for (const payment of payments)
    if (payment.status === 'paid')
      paidHere.set(payment.policyId, (paidHere.get(payment.policyId) ?? 0) + payment.amountFen);
  ctx.log(`  资金池（${ctx.year} 年）：`);
  for (const [policyId, before] of ctx.pools) {
    const pool = pools.items.find((each) => each.policyId === policyId);
    check(pool, `资金池 ${policyId} 不在列表中`);
    check(
      pool.fundedFen === pool.availableFen + pool.reservedFen + pool.paidFen,
      `资金池 ${policyId} 不平：${JSON.stringify(pool)}`,
    );
    const paidNow = pool.paidFen - before.paidFen;
    check(
      paidNow === (paidHere.get(policyId) ?? 0),
      `资金池 ${policyId} 本次兑付 ${paidNow} 分，应为 ${paidHere.get(policyId) ?? 0} 分`,
    );
    ctx.log(
      `    ${policyId}：拨付 ${money(pool.fundedFen)}，已兑付 ${money(pool.paidFen)}（本次 ${money(paidNow)}），预留 ${money(pool.reservedFen)}，可用 ${money(pool.availableFen)}`,
    );
  }
}

const reconciliationStep: DemoStep = {
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
    const requested = await ctx.request(`${FINANCE.name}发起对账`, 'POST /reconciliations', {
      as: FINANCE,
      body: { from: ctx.today, to: ctx.today },
      status: 202,
    });
    ctx.log(`  ${FINANCE.name}发起 ${ctx.today} 的对账 → ${requested.id}`);
    const report = await waitFor(ctx, '对账完成', async () => {
      const now = await ctx.request('查询对账', 'GET /reconciliations/{id}', {
        path: { id: requested.id },
        as: FINANCE,
        status: 200,
      });
      check(now.status !== 'failed', `对账失败：${now.reason ?? '（无原因）'}`);
      return { value: now.status === 'done' ? now : undefined, state: now.status };
    });
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

const riskStep: DemoStep = {
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

const statsStep: DemoStep = {
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

const settlementStep: DemoStep = {
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

/** The story, in order; later parts are appended here. */
export const DEMO_STEPS: DemoStep[] = [
  catalogStep,
  budgetStep,
  whitelistStep,
  applicationStep,
  reviewStep,
  jointReviewStep,
  paymentStep,
  reconciliationStep,
  riskStep,
  statsStep,
  settlementStep,
];

export async function runDemo(options: DemoOptions): Promise<DemoContext> {
  const ctx = createContext(options);
  const steps = options.steps ?? DEMO_STEPS;
  const started = Date.now();
  ctx.log('惠企兑付 Huiqi 全流程演示（demo）');
  ctx.log(`  平台：${ctx.api}`);
  ctx.log(
    `  日期：${ctx.today}（北京时间）  本次编号：${ctx.run.label}（企业、账号、批次和指标文号均为本次新建，可重复运行）`,
  );
  for (const [index, step] of steps.entries()) {
    ctx.log('');
    ctx.log(`━━ 第 ${index + 1}/${steps.length} 步　${step.title} ━━`);
    const stepStarted = Date.now();
    try {
      await step.run(ctx);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new DemoError(`第 ${index + 1} 步「${step.title}」未通过：${message}`, { cause: error });
    }
    ctx.log(`  ✓ 完成（${((Date.now() - stepStarted) / 1000).toFixed(1)} 秒）`);
  }
  ctx.log('');
  ctx.log(`演示完成：${steps.length} 步全部通过，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒`);
  return ctx;
}

/** Staff act within a jurisdiction; department and agency ids carry theirs as a prefix. */
const STAFF_WITH_DIVISION: ReadonlySet<Role> = new Set(['window', 'payer', 'finance', 'admin']);

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { api: { type: 'string' } },
  });
  const api = (values.api ?? platformUrl()).replace(/\/$/, '');
  let port: number;
  try {
    port = portOf(api);
  } catch {
    throw new DemoError(`平台地址无效：${api}`);
  }
  // The one-machine platform trusts its own issuer, whose key lives in the data directory `npm start` uses.
  const issuer = await loadIssuer({
    dataDir: resolveDataDir(),
    issuerUrl: localIssuerUrl(port),
    audience: LOCAL_AUDIENCE,
  });
  const tokenFor: TokenFor = (role, subject) =>
    issuer.mint({ role, sub: subject, ...(STAFF_WITH_DIVISION.has(role) ? { division: DIVISION } : {}) });
  await runDemo({ api, tokenFor, log: (line) => process.stdout.write(`${line}\n`) });
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`\n演示失败：${message}\n`);
      // A DemoError says what went wrong in the story; anything else is a fault worth its stack.
      const fault = error instanceof DemoError ? error.cause : error;
      if (fault instanceof Error && !(fault instanceof DemoError) && fault.stack)
        process.stderr.write(`${fault.stack}\n`);
      process.exitCode = 1;
    },
  );
}
