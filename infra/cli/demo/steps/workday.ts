// Step 留下一个工作日的待办: the story so far finished all its work; this last part leaves some for every role, as a
// working day would — cases open at two departments and one returned to its enterprise, the credit agency's check,
// a payment held for the payer, a discrepancy for finance, a draft for the admin — and says whom to sign in as.
import { departmentId } from '../../../../shared/catalog/dingnan.ts';
import { processOf } from '../../../../shared/catalog/process.ts';
import { DEFAULT_TIME_LIMITS } from '../../../../shared/catalog/types.ts';
import { DISCREPANCY_NAMES } from '../../../../shared/reconciliations/reconciliation.ts';
import type { ListedPayment, Policy } from '../answers.ts';
import { caseReaches } from '../cases.ts';
import { check, DemoError } from '../checks.ts';
import {
  type DemoContext,
  type DemoStep,
  type OpenReview,
  REQUEST_TIMEOUT_MS,
  type Registered,
  type Workday,
} from '../context.ts';
import { register, uploadMaterials } from '../enterprises.ts';
import {
  ADMIN,
  CREDIT_AGENCY,
  DIVISION,
  DRAFT_POLICY,
  FINANCE,
  LATE_RETURN_LINE,
  LISTED_APPLICANT,
  LISTED_LINE_FEN,
  LISTED_REASON,
  PAYER,
  WINDOW,
  WORKDAY_ALLOCATIONS,
  WORKDAY_CASES,
  WORKDAY_POLICIES,
  type WorkdayPolicy,
} from '../fixtures.ts';
import { CASE_LABELS, money, STEP_LABELS } from '../labels.ts';
import { listPayments, logPayment } from '../payments.ts';
import { departmentOf, describePolicy, withinCap } from '../policies.ts';
import { fundPool } from '../pools.ts';
import { reconcileToday } from '../reconciliations.ts';
import { demoAccount, demoUscc } from '../run-ids.ts';
import { printSignInGuide } from '../sign-in-guide.ts';
import { decide, openTask } from '../tasks.ts';
import { waitFor } from '../waiting.ts';

/** This part's enterprises take serials after the story's (1–6 on the whitelist, 10 and 11 applying). */
const FIRST_SERIAL = 20;
const LISTED_SERIAL = 25;
const LATE_RETURN_SERIAL = 26;

type WorkdayPolicies = Record<WorkdayPolicy, Policy>;

export const workdayStep: DemoStep = {
  name: 'workday',
  title: '留下一个工作日的待办（Work left for the workbench）',
  async run(ctx) {
    const policies = await workdayPolicies(ctx);
    const funded = await fundPools(ctx, policies);
    const { reviews, returned } = await casesLeftOpen(ctx, policies);
    const listed = await agencyCheckLeftOpen(ctx, policies.outsourcing);
    const { batch, held, lateReturn } = await whitelistLeftHeld(ctx, policies.exports, listed.applicant);
    const { reconciliation, discrepancy } = await discrepancyLeft(ctx, batch.id, lateReturn);
    const draft = await draftLeft(ctx);
    const pools = await poolsNow(ctx, funded);
    const workday: Workday = {
      pools,
      reviews,
      returned,
      listed,
      batch,
      held,
      lateReturn,
      reconciliation,
      ...(discrepancy ? { discrepancy } : {}),
      draft,
    };
    ctx.workday = workday;
    printSignInGuide(ctx, workday);
  },
};

async function workdayPolicies(ctx: DemoContext): Promise<WorkdayPolicies> {
  const entries = await Promise.all(
    (Object.entries(WORKDAY_POLICIES) as [WorkdayPolicy, (typeof WORKDAY_POLICIES)[WorkdayPolicy]][]).map(
      async ([key, { id, mode }]) => {
        const policy = await ctx.request(`查询政策事项 ${id}`, 'GET /policies/{id}', {
          path: { id },
          status: 200,
        });
        check(
          policy.mode === mode && policy.status === 'published',
          `政策事项 ${id} 为 ${policy.mode}/${policy.status}，演示需要已发布的 ${mode} 事项`,
        );
        return [key, policy] as const;
      },
    ),
  );
  return Object.fromEntries(entries) as WorkdayPolicies;
}

/** Finance funds this year's pools of the workday's items, so the open cases have money behind them. */
async function fundPools(ctx: DemoContext, policies: WorkdayPolicies): Promise<Policy[]> {
  const funded: Policy[] = [];
  for (const { policy: key, amountFen } of WORKDAY_ALLOCATIONS) {
    const policy = policies[key];
    const allocation = await fundPool(ctx, policy, amountFen);
    ctx.log(
      `  ${FINANCE.name}向「${policy.name}」拨付 ${money(amountFen)}，资金池可用 ${money(allocation.pool.availableFen)}`,
    );
    funded.push(policy);
  }
  return funded;
}

/** The funded pools as finance sees them at the end, each balanced: funded = available + reserved + paid. */
async function poolsNow(ctx: DemoContext, funded: Policy[]): Promise<Workday['pools']> {
  const pools = await ctx.request('查询资金池', 'GET /budgets', {
    query: { year: ctx.year },
    as: FINANCE,
    status: 200,
  });
  return funded.map((policy) => {
    const pool = pools.items.find((each) => each.policyId === policy.id);
    check(
      pool && pool.fundedFen === pool.availableFen + pool.reservedFen + pool.paidFen,
      `资金池 ${policy.id} 不平或不在列表中：${JSON.stringify(pool)}`,
    );
    return { policy, pool };
  });
}

/** Files one case, online by the enterprise or at the window on its behalf, with every required material. */
async function file(
  ctx: DemoContext,
  applicant: Registered,
  policy: Policy,
  channel: 'online' | 'window',
): Promise<{ caseId: string; materials: number }> {
  const filer = channel === 'window' ? WINDOW : applicant.actor;
  const materialIds = await uploadMaterials(ctx, filer, applicant, policy);
  const filed = await ctx.request(`${filer.name}提交申请`, 'POST /applications', {
    as: filer,
    body: {
      policyId: policy.id,
      requestedAmountFen: withinCap(policy, applicant.profile.requestedFen),
      materialIds,
      ...(channel === 'window' ? { onBehalfOf: applicant.actor.id } : {}),
    },
    status: 201,
  });
  check(
    filed.uscc === applicant.actor.id &&
      filed.channel === channel &&
      filed.materialIds?.length === materialIds.length,
    `办件的答复不对：${JSON.stringify(filed)}`,
  );
  ctx.log(
    `  ${channel === 'window' ? `${WINDOW.name}代${applicant.profile.name}` : applicant.profile.name}申请${describePolicy(ctx, policy)}，申请 ${money(filed.requestedAmountFen ?? 0)} → 办件 ${filed.id}`,
  );
  return { caseId: filed.id, materials: materialIds.length };
}

/** The two departments' cases: each waits at its first review, except one sent back for correction (补正). */
async function casesLeftOpen(ctx: DemoContext, policies: WorkdayPolicies) {
  const reviews: OpenReview[] = [];
  let returned: Workday['returned'] | undefined;
  for (const [index, planned] of WORKDAY_CASES.entries()) {
    const policy = policies[planned.policy];
    const department = departmentOf(ctx, policy);
    const applicant = await register(ctx, planned.applicant, FIRST_SERIAL + index);
    const { caseId, materials } = await file(ctx, applicant, policy, planned.channel);
    const task = await openTask(ctx, department, caseId);
    if (!planned.correction) {
      ctx.log(
        `    → ${department.name}待办：${STEP_LABELS[task.step]}任务 ${task.id}，办理时限至 ${task.dueDate}`,
      );
      reviews.push({ applicant, policy, department, caseId, task, channel: planned.channel, materials });
      continue;
    }
    await decide(ctx, department, task, { outcome: 'return', reason: planned.correction });
    const back = await caseReaches(ctx, applicant.actor, caseId, 'returned', ['submitted', 'in_review']);
    check(
      back.correctionRequest === planned.correction,
      `办件 ${caseId} 记录的补正要求不对：${back.correctionRequest}`,
    );
    ctx.log(`    → 办件 ${caseId}：${CASE_LABELS[back.status]}，等待${applicant.profile.name}补正`);
    returned = { applicant, policy, department, case: back };
  }
  check(returned, '演示没有退回补正的办件');
  // The department can open what the enterprise uploaded: the first online case's files are PDFs it can read.
  const online = reviews.find((each) => each.channel === 'online');
  check(online, '演示没有企业网上申请的办件');
  await materialsReadable(ctx, online);
  return { reviews, returned };
}

async function materialsReadable(ctx: DemoContext, review: OpenReview) {
  const listed = await ctx.request(
    `${review.department.name}查看申请材料`,
    'GET /applications/{id}/materials',
    {
      path: { id: review.caseId },
      as: review.department,
      status: 200,
    },
  );
  check(
    listed.items.length === review.materials,
    `办件 ${review.caseId} 有 ${listed.items.length} 份材料，应为 ${review.materials} 份`,
  );
  for (const material of listed.items) {
    const opened = await fetch(material.download.url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const head = Buffer.from(await opened.arrayBuffer())
      .subarray(0, 5)
      .toString('latin1');
    check(
      opened.ok && head === '%PDF-',
      `${review.department.name}打不开材料「${material.fileName}」：HTTP ${opened.status}`,
    );
  }
  ctx.log(
    `  ${review.department.name}可打开办件 ${review.caseId} 的 ${listed.items.length} 份 PDF 材料：${listed.items.map((each) => each.fileName).join('、')}`,
  );
}

/** The credit agency lists an enterprise, which then applies: its case waits for the agency's check. */
async function agencyCheckLeftOpen(ctx: DemoContext, policy: Policy): Promise<OpenReview> {
  check(
    policy.mode !== 'auto' && processOf(policy).jointReview === 'before_decision',
    `${policy.id} 的联合审核不在部门决定之前，联审部门的任务要等部门决定后才会生成`,
  );
  const applicant = await register(ctx, LISTED_APPLICANT, LISTED_SERIAL);
  const listing = await ctx.request(`${CREDIT_AGENCY.name}登记名单`, 'PUT /blacklist/{uscc}', {
    path: { uscc: applicant.actor.id },
    as: CREDIT_AGENCY,
    body: { reason: LISTED_REASON, listedUntil: `${ctx.year + 1}-12-31` },
    status: 200,
  });
  check(
    listing.agencyId === CREDIT_AGENCY.id && listing.uscc === applicant.actor.id,
    `名单记录不对：${JSON.stringify(listing)}`,
  );
  const list = await ctx.request(`${CREDIT_AGENCY.name}查看本部门名单`, 'GET /blacklist', {
    as: CREDIT_AGENCY,
    status: 200,
  });
  check(
    list.items.some((each) => each.uscc === applicant.actor.id),
    `${CREDIT_AGENCY.name}的名单中没有 ${applicant.actor.id}`,
  );
  ctx.log(`  ${CREDIT_AGENCY.name}将${applicant.profile.name}列入名单：${listing.reason}`);
  const { caseId, materials } = await file(ctx, applicant, policy, 'online');
  const task = await openTask(ctx, CREDIT_AGENCY, caseId, 'joint_review');
  ctx.log(`    → ${CREDIT_AGENCY.name}待办：联合审核任务 ${task.id}，办理时限至 ${task.dueDate}`);
  return {
    applicant,
    policy,
    department: CREDIT_AGENCY,
    caseId,
    task,
    channel: 'online',
    materials,
  };
}

/**
 * 县商务局 pushes a whitelist of two lines: the listed enterprise, whose payment the payer holds on the agency's red
 * warning, and one the bank settles and later sends back (退汇), which finance's reconciliation finds.
 */
async function whitelistLeftHeld(ctx: DemoContext, policy: Policy, listed: Registered) {
  const department = departmentOf(ctx, policy);
  const late = {
    uscc: demoUscc(ctx.run, LATE_RETURN_SERIAL),
    accountNo: demoAccount(ctx.run, LATE_RETURN_SERIAL, 'late_return'),
  };
  const entries = [
    {
      uscc: listed.actor.id,
      enterpriseName: listed.profile.name,
      bankName: listed.profile.bankName,
      accountNo: listed.accountNo,
      accountName: listed.profile.name,
      amountFen: withinCap(policy, LISTED_LINE_FEN),
    },
    {
      uscc: late.uscc,
      enterpriseName: LATE_RETURN_LINE.name,
      bankName: LATE_RETURN_LINE.bankName,
      accountNo: late.accountNo,
      accountName: LATE_RETURN_LINE.name,
      amountFen: withinCap(policy, LATE_RETURN_LINE.amountFen),
    },
  ];
  const ref = `出口奖励-${ctx.run.label}`;
  const pushed = await ctx.request(`${department.name}推送白名单`, 'POST /whitelist-batches', {
    as: department,
    body: { policyId: policy.id, batchRef: ref, entries },
    status: 202,
  });
  check(
    pushed.accepted === entries.length && pushed.refused.length === 0,
    `白名单 ${ref} 应全部受理：${JSON.stringify(pushed.refused)}`,
  );
  ctx.log(
    `  ${department.name}推送白名单 ${ref}（${describePolicy(ctx, policy)}）：受理 ${pushed.accepted} 行`,
  );
  const progress = await waitFor(ctx, '白名单兑付', async () => {
    const now = await ctx.request('查询批次进度', 'GET /whitelist-batches/{id}', {
      path: { id: pushed.id },
      as: department,
      status: 200,
    });
    const done = now.queued === now.accepted && now.inProgress === 0;
    return {
      value: done ? now : undefined,
      state: `已到账 ${now.paid}，退回 ${now.returned}，暂停 ${now.held}，处理中 ${now.inProgress}`,
    };
  });
  check(
    progress.held === 1 && progress.paid + progress.returned === 1 && progress.failed === 0,
    `批次进度不对，应暂停 1 笔、到账 1 笔：${JSON.stringify(progress)}`,
  );
  const payments = await listPayments(ctx, `${PAYER.name}查询批次兑付`, PAYER, { batchId: pushed.id });
  const held = payments.find((each) => each.uscc === listed.actor.id);
  check(
    held?.status === 'held' &&
      held.warnings.some((each) => each.rule === 'blacklisted' && each.colour === 'red'),
    `名单中企业的兑付应因红色预警暂停：${JSON.stringify(held)}`,
  );
  const lateReturn = payments.find((each) => each.uscc === late.uscc);
  check(
    lateReturn && (lateReturn.status === 'paid' || lateReturn.status === 'returned'),
    `${LATE_RETURN_LINE.name}的兑付应已到账：${JSON.stringify(lateReturn)}`,
  );
  ctx.log(`  ${PAYER.name}的兑付记录：`);
  logPayment(ctx, held);
  logPayment(ctx, lateReturn);
  // The payer's queue of held payments is where the workbench finds it.
  const waiting = await listPayments(ctx, `${PAYER.name}查询暂停的兑付`, PAYER, {
    status: 'held',
    limit: 500,
  });
  check(
    waiting.some((each) => each.id === held.id),
    `暂停的兑付 ${held.id} 不在${PAYER.name}的待处理列表中`,
  );
  return { batch: { ref, id: pushed.id, department }, held, lateReturn };
}

/**
 * Finance reconciles the day after the bank sent the payment back: the ledger still has it paid, so the report
 * shows it as returned and not voided, for finance to look into and resolve with a note. The platform's sweep takes
 * such returns back every few minutes; if it did so before the reconciliation read the day, the two sides match.
 */
async function discrepancyLeft(ctx: DemoContext, batchId: string, lateReturn: ListedPayment) {
  const reconciliation = await reconcileToday(ctx);
  const discrepancy = reconciliation.discrepancies.find((each) => each.paymentId === lateReturn.id);
  if (discrepancy) {
    check(
      discrepancy.type === 'returned_not_voided' && !discrepancy.resolution,
      `退汇的兑付应为未处理的「${DISCREPANCY_NAMES.returned_not_voided}」差异：${JSON.stringify(discrepancy)}`,
    );
    ctx.log(
      `  对账 ${reconciliation.id}：差异 ${discrepancy.seq} ${DISCREPANCY_NAMES[discrepancy.type]}  ${discrepancy.paymentId}：${discrepancy.detail}（待财政处理）`,
    );
    return { reconciliation, discrepancy };
  }
  const now = await listPayments(ctx, `${FINANCE.name}查询批次兑付`, FINANCE, { batchId });
  const current = now.find((each) => each.id === lateReturn.id);
  check(
    current?.status === 'returned' && (reconciliation.checked?.returned ?? 0) > 0,
    `对账没有发现退汇的兑付 ${lateReturn.id}，平台也没有冲销它：${JSON.stringify(current)}`,
  );
  ctx.log(`  对账 ${reconciliation.id}：平台已先行冲销 ${lateReturn.id} 的退汇，台账与银行流水相符`);
  return { reconciliation };
}

/** The admin drafts a new item under a free number; a draft is not in the public catalog until published. */
async function draftLeft(ctx: DemoContext): Promise<Policy> {
  const department = departmentId(DIVISION, DRAFT_POLICY.departmentCode);
  const body = {
    departmentId: department,
    groupName: DRAFT_POLICY.groupName,
    name: DRAFT_POLICY.name,
    mode: 'review' as const,
    channel: 'window' as const,
    basis: DRAFT_POLICY.basis,
    eligibility: {
      text: DRAFT_POLICY.eligibilityText,
      rules: { divisionCodes: [DIVISION], anyTags: ['文旅'] },
    },
    materials: DRAFT_POLICY.materials.map((name) => ({ name, required: true })),
    timeLimits: DEFAULT_TIME_LIMITS.review,
    amountRule: { kind: 'fixed' as const, amountFen: DRAFT_POLICY.amountFen },
    announcementDays: 5,
    effectiveFrom: `${ctx.year + 1}-01-01`,
  };
  // Numbers are the county's to give; a number an earlier run (or anyone) took is answered 409 and the next is tried.
  const first = 100 + (Number(ctx.run.digits) % 9000);
  let draft: Policy | undefined;
  for (let seq = first; !draft && seq < first + 20; seq++) {
    const answer = await ctx.call('POST', '/policies', { as: ADMIN, body: { ...body, seq } });
    if (answer.status === 201) draft = answer.body as Policy;
    else if (answer.status !== 409)
      throw new DemoError(
        `${ADMIN.name}起草政策事项：平台答复 HTTP ${answer.status}，应为 201（${JSON.stringify(answer.body)}）`,
      );
  }
  check(draft?.status === 'draft', `${ADMIN.name}起草的政策事项不是草稿：${JSON.stringify(draft)}`);
  await ctx.request('公众查询草稿事项', 'GET /policies/{id}', { path: { id: draft.id }, status: 404 });
  let cursor: string | undefined;
  let listed = false;
  do {
    const page = await ctx.request(`${ADMIN.name}查看草稿`, 'GET /policy-drafts', {
      as: ADMIN,
      query: { limit: 100, cursor },
      status: 200,
    });
    listed ||= page.items.some((each) => each.id === draft.id);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && !listed);
  check(listed, `草稿 ${draft.id} 不在${ADMIN.name}的草稿列表中`);
  ctx.log(
    `  ${ADMIN.name}起草政策事项「${draft.name}」（${draft.id}，${ctx.departments.get(department)?.name ?? department}），未发布，公众目录中查不到`,
  );
  return draft;
}
