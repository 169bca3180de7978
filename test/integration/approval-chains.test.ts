// The approval chain end to end on the real ASL, functions and DynamoDB Local: joint review, announcement and
// objections, escalation of overdue work, withdrawal after thirty days without a correction, and processes that
// guides set apart from their mode's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainSteps } from '../support/chain-steps.ts';
import { bootPlatform, type TestPlatform } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';

const DAY_MS = 86_400_000;

describe('approval chains', () => {
  let local: TestPlatform;
  let tourism: string; // 县文广新旅局: owns the instant item 020 and the reviewed item 042 (five days of 公示)
  let credit: string; // the credit agency (失信名单)
  let safety: string; // the work-safety agency (安全生产违法名单)

  beforeAll(async () => {
    local = await bootPlatform();
    tourism = await local.token('department', '360728-wgxlj');
    credit = await local.token('agency', '360728-credit');
    safety = await local.token('agency', '360728-safety');
  });
  afterAll(async () => {
    await local?.stop();
  });

  const { taskOf, statusOf, decide, file } = chainSteps(() => local);
  /** Runs the SLA sweep as the schedule would at `time` (its <aws.scheduler.scheduled-time>). */
  const sweepAt = async (time: Date) => {
    const name = local.platform.assembly.functions.find((f) => f.name.startsWith('SlaSweep'))?.name ?? '';
    return (await local.platform.invoke(name, { sweep: 'sla', time: time.toISOString() })) as Record<
      string,
      number
    >;
  };
  /** Takes a reviewed case through initial review, inspection and decision, as 县文广新旅局. */
  const approveReviewed = async (caseId: string, amountFen: number) => {
    await decide(tourism, (await taskOf(tourism, caseId, 'initial_review')).id, { outcome: 'approve' });
    await decide(tourism, (await taskOf(tourism, caseId, 'substantive_review')).id, { outcome: 'approve' });
    await decide(tourism, (await taskOf(tourism, caseId, 'department_decision')).id, {
      outcome: 'approve',
      amountFen,
    });
  };

  it('turns blacklist hits into agency tasks; the agencies clear the case and the department decides', async () => {
    // Prepare: two agencies list the enterprise; a third agency of another county lists it too.
    const uscc = validUscc('91360728MA35J0CC1');
    const enterprise = await local.registerEnterprise(uscc);
    for (const [token, reason] of [
      [credit, '曾列入失信被执行人名单（已履行）'],
      [safety, '2025 年安全生产行政处罚'],
      [await local.token('agency', '360727-credit', '360727'), '龙南县失信名单'],
    ] as const) {
      expect((await local.call('PUT', `/blacklist/${uscc}`, { token, body: { reason } })).status).toBe(200);
    }
    // Act
    const caseId = await file(enterprise, '360728-020');
    const creditTask = await taskOf(credit, caseId, 'joint_review');
    expect(JSON.stringify(creditTask)).not.toMatch(/token/i);
    // An agency answers yes or no: it has nothing to return for correction.
    const returned = await local.call('POST', `/tasks/${creditTask.id}/decision`, {
      token: credit,
      body: { outcome: 'return', reason: '请说明' },
    });
    expect(returned.status).toBe(422);
    expect(returned.body.error.code).toBe('OUTCOME_NOT_ALLOWED');
    await decide(credit, creditTask.id, { outcome: 'approve' });
    await decide(safety, (await taskOf(safety, caseId, 'joint_review')).id, { outcome: 'approve' });
    await decide(tourism, (await taskOf(tourism, caseId, 'department_decision')).id, {
      outcome: 'approve',
      amountFen: 200_000,
    });
    // Assess: only Dingnan's lists counted, each hit was cleared by its own agency, and the case went to the payer.
    const sent = await statusOf(caseId, enterprise, 'sent_to_payer');
    expect(sent.jointReview).toEqual([
      expect.objectContaining({
        agencyId: '360728-credit',
        outcome: 'cleared',
        decidedBy: 'agency:360728-credit',
      }),
      expect.objectContaining({
        agencyId: '360728-safety',
        outcome: 'cleared',
        decidedBy: 'agency:360728-safety',
      }),
    ]);
    expect((await local.call('GET', '/blacklist', { token: credit })).body.items).toEqual([
      expect.objectContaining({ uscc, agencyId: '360728-credit' }),
    ]);
    const history = await local.call('GET', `/audit/blacklist/360728-credit:${uscc}`, { token: credit });
    expect(history.body.events.map((e: { action: string }) => e.action)).toEqual(['list']);
    expect(history.body.verification.valid).toBe(true);
  });

  it('rejects the case, with the agency’s reason, when the agency upholds its finding', async () => {
    const uscc = validUscc('91360728MA35J0CC2');
    const enterprise = await local.registerEnterprise(uscc);
    await local.call('PUT', `/blacklist/${uscc}`, { token: credit, body: { reason: '严重失信主体' } });
    const caseId = await file(enterprise, '360728-020');
    const task = await taskOf(credit, caseId, 'joint_review');
    await decide(credit, task.id, {
      outcome: 'reject',
      reason: '该企业为严重失信主体，联合惩戒期内',
      explanation: '依据失信联合惩戒有关规定，惩戒期内不予享受财政奖补',
    });
    const rejected = await statusOf(caseId, enterprise, 'rejected');
    expect(rejected.decisionReason).toBe('该企业为严重失信主体，联合惩戒期内');
    expect(rejected.jointReview).toEqual([
      expect.objectContaining({
        agencyId: '360728-credit',
        outcome: 'upheld',
        decidedBy: 'agency:360728-credit',
      }),
    ]);
    // Delisting is the agency's own act, once; a second finds nothing to remove.
    expect((await local.call('DELETE', `/blacklist/${uscc}`, { token: credit })).status).toBe(200);
    expect((await local.call('DELETE', `/blacklist/${uscc}`, { token: credit })).status).toBe(404);
  });

  it('announces an approved reviewed case; an objection holds it until the department dismisses it', async () => {
    // Prepare
    const uscc = validUscc('91360728MA35J0CC3');
    const enterprise = await local.registerEnterprise(uscc);
    const neighbour = await local.registerEnterprise(validUscc('91360728MA35J0CC4'));
    const caseId = await file(enterprise, '360728-042');
    await approveReviewed(caseId, 800_000);
    // Act: the case is announced publicly; a neighbour objects, once.
    const announced = await statusOf(caseId, enterprise, 'announced');
    expect(announced.approvedAmountFen).toBe(800_000);
    const board = await local.call('GET', '/announcements');
    expect(board.body.items).toContainEqual(
      expect.objectContaining({
        caseId,
        uscc,
        approvedAmountFen: 800_000,
        announcementEndsOn: announced.announcementEndsOn,
      }),
    );
    const objection = await local.call('POST', `/applications/${caseId}/objections`, {
      token: neighbour,
      body: { reason: '该企业广告投放发生在县内，不符合县外投放条件' },
    });
    expect(objection.status).toBe(201);
    const again = await local.call('POST', `/applications/${caseId}/objections`, {
      token: neighbour,
      body: { reason: '重复提出同一异议内容' },
    });
    expect(again.status).toBe(409);
    // The announcement's days run out, but an open objection holds the case.
    const afterEnd = new Date(Date.parse(`${announced.announcementEndsOn}T02:00:00Z`) + 2 * DAY_MS);
    await sweepAt(afterEnd);
    expect((await local.call('GET', `/applications/${caseId}`, { token: enterprise })).body.status).toBe(
      'announced',
    );
    // The department looks into it and dismisses it; the next sweep ends the announcement and the payer is told.
    const objectionTask = await taskOf(tourism, caseId, 'objection');
    expect(objectionTask.objection).toMatchObject({
      raisedBy: `enterprise:${validUscc('91360728MA35J0CC4')}`,
    });
    await decide(tourism, objectionTask.id, { outcome: 'approve', reason: '经核实，广告投放于赣州市区媒体' });
    const twice = await local.call('POST', `/tasks/${objectionTask.id}/decision`, {
      token: tourism,
      body: { outcome: 'approve' },
    });
    expect(twice.status).toBe(409);
    expect((await sweepAt(afterEnd)).announcementsEnded).toBeGreaterThanOrEqual(1);
    const sent = await statusOf(caseId, enterprise, 'sent_to_payer');
    expect(sent.timeline.map((t: { status: string }) => t.status).slice(-5)).toEqual([
      'announced',
      'announced',
      'announced',
      'approved',
      'sent_to_payer',
    ]);
    expect(JSON.stringify(sent.timeline)).not.toContain(validUscc('91360728MA35J0CC4'));
    const inbox = await local.call('GET', '/notifications', { token: enterprise });
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toEqual([
      'sent_to_payer',
      'announced',
      'announced',
    ]);
  });

  it('rejects an announced case when the department upholds an objection', async () => {
    const uscc = validUscc('91360728MA35J0CC5');
    const enterprise = await local.registerEnterprise(uscc);
    const caseId = await file(enterprise, '360728-043');
    await approveReviewed(caseId, 500_000);
    await statusOf(caseId, enterprise, 'announced');
    // Window staff object on behalf of a member of the public.
    const window = await local.token('window', 'window-01');
    await local.call('POST', `/applications/${caseId}/objections`, {
      token: window,
      body: { reason: '群众反映该旅行社引客人数系虚报' },
    });
    const task = await taskOf(tourism, caseId, 'objection');
    await decide(tourism, task.id, {
      outcome: 'reject',
      reason: '经核实引客人数虚报',
      explanation: '旅行社引客奖励按实际接待人数核定，虚报不予奖励',
    });
    const rejected = await statusOf(caseId, enterprise, 'rejected');
    expect(rejected.decisionExplanation).toBe('旅行社引客奖励按实际接待人数核定，虚报不予奖励');
    // The announcement is over: no more objections.
    const late = await local.call('POST', `/applications/${caseId}/objections`, {
      token: window,
      body: { reason: '补充异议材料内容' },
    });
    // Out of announcement a case is as private as any other.
    expect(late.status).toBe(404);
  });

  it('escalates an overdue task to the department head once, in the audit trail', async () => {
    const uscc = validUscc('91360728MA35J0CC6');
    const enterprise = await local.registerEnterprise(uscc);
    const caseId = await file(enterprise, '360728-020');
    const task = await taskOf(tourism, caseId, 'department_decision');
    // Act: the sweep runs as scheduled on the due date's morning (yellow), then a week after it (red).
    const dueMorning = new Date(`${task.dueDate}T01:00:00Z`);
    await sweepAt(dueMorning);
    expect((await taskOf(tourism, caseId, 'department_decision')).slaColour).toBe('yellow');
    const late = new Date(dueMorning.getTime() + 7 * DAY_MS);
    expect((await sweepAt(late)).escalated).toBeGreaterThanOrEqual(1);
    await sweepAt(late);
    // Assess
    const red = await taskOf(tourism, caseId, 'department_decision');
    expect(red).toMatchObject({ slaColour: 'red', escalatedTo: 'department_head:360728-wgxlj' });
    const head = await local.headToken('department', '360728-wgxlj');
    const escalations = await local.call('GET', '/escalations', { token: head });
    expect(escalations.body.items.map((t: { id: string }) => t.id)).toContain(task.id);
    expect((await local.call('GET', '/escalations', { token: tourism })).status).toBe(403);
    const admin = await local.token('admin', 'admin-dingnan');
    const trail = await local.call('GET', `/audit/task/${task.id}`, { token: admin });
    expect(trail.body.events).toEqual([
      expect.objectContaining({ action: 'escalate', actor: { role: 'system', subject: 'sla-sweep' } }),
    ]);
    // Deciding takes it off the head's list.
    await decide(tourism, task.id, { outcome: 'approve', amountFen: 100_000 });
    const after = await local.call('GET', '/escalations', { token: head });
    expect(after.body.items.map((t: { id: string }) => t.id)).not.toContain(task.id);
  });

  it('withdraws a returned case after thirty days without a resubmission (test clock)', async () => {
    const uscc = validUscc('91360728MA35J0CC7');
    const enterprise = await local.registerEnterprise(uscc);
    const caseId = await file(enterprise, '360728-020');
    const task = await taskOf(tourism, caseId, 'department_decision');
    await decide(tourism, task.id, { outcome: 'return', reason: '请补充营业执照副本' });
    await statusOf(caseId, enterprise, 'returned');
    // Twenty-nine days: still waiting.
    local.platform.stepFunctions.advanceClock(29 * DAY_MS);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await local.call('GET', `/applications/${caseId}`, { token: enterprise })).body.status).toBe(
      'returned',
    );
    // Past thirty days: withdrawn, and the enterprise is told why.
    local.platform.stepFunctions.advanceClock(2 * DAY_MS);
    const withdrawn = await statusOf(caseId, enterprise, 'withdrawn');
    expect(withdrawn.timeline.at(-1).note).toBe('逾期未补正，申请视为撤回');
    const resubmit = await local.call('POST', `/applications/${caseId}/resubmit`, {
      token: enterprise,
      body: {},
    });
    expect(resubmit.status).toBe(409);
  });

  /** Drafts and publishes an item of 县文广新旅局 whose guide sets its own process, as a county's admin would. */
  const publishPolicy = async (seq: number, guide: Record<string, unknown>) => {
    const admin = await local.token('admin', 'admin-dingnan');
    const drafted = await local.call('POST', '/policies', {
      token: admin,
      body: {
        groupName: '文旅产业发展奖励',
        name: `文旅融合示范项目奖励（${seq}）`,
        channel: 'online',
        basis: '定南县促进文旅产业高质量发展若干措施',
        eligibility: {
          text: '在本县登记的文旅企业',
          rules: { anyTags: ['文旅'], divisionCodes: ['360728'] },
        },
        materials: [{ name: '申请表', required: true }],
        timeLimits: { routing: 1, initialReview: 3, substantiveReview: 0, payer: 1 },
        effectiveFrom: '2024-01-01',
        seq,
        departmentId: '360728-wgxlj',
        ...guide,
      },
    });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const published = await local.call('POST', `/policies/${drafted.body.id}/status`, {
      token: admin,
      body: { status: 'published', reason: '县政府常务会议审议通过' },
    });
    expect(published.status).toBe(200);
    return drafted.body.id as string;
  };
  const executionOf = async (caseId: string) => {
    const machine = local.platform.assembly.machines.find((m) => m.name.startsWith('ApprovalChain'));
    const arn = `${machine?.arn.replace(':stateMachine:', ':execution:')}:${caseId}`;
    return local.platform.stepFunctions.waitForExecution(arn);
  };

  it('runs an instant policy whose guide asks for joint review after the decision and an announcement', async () => {
    // Prepare: 即申即享 by mode, but the county wants the agencies to look at the decided amount and the public to see it.
    const policyId = await publishPolicy(901, {
      mode: 'instant',
      announcementDays: 3,
      process: { jointReview: 'after_decision' },
    });
    const uscc = validUscc('91360728MA35J0CD1');
    const enterprise = await local.registerEnterprise(uscc);
    await local.call('PUT', `/blacklist/${uscc}`, {
      token: credit,
      body: { reason: '曾列入失信被执行人名单' },
    });
    // Act: the department decides first; only then does the listing agency get its task.
    const caseId = await file(enterprise, policyId);
    const decision = await taskOf(tourism, caseId, 'department_decision');
    const creditTasks = await local.call('GET', '/tasks', { token: credit });
    expect(creditTasks.body.items.map((task: { caseId: string }) => task.caseId)).not.toContain(caseId);
    await decide(tourism, decision.id, { outcome: 'approve', amountFen: 300_000 });
    await decide(credit, (await taskOf(credit, caseId, 'joint_review')).id, { outcome: 'approve' });
    const announced = await statusOf(caseId, enterprise, 'announced');
    await sweepAt(new Date(Date.parse(`${announced.announcementEndsOn}T02:00:00Z`) + 2 * DAY_MS));
    // Assess: cleared, announced for the guide's days, then sent to the payer with the department's amount.
    const sent = await statusOf(caseId, enterprise, 'sent_to_payer');
    expect(sent).toMatchObject({ approvedAmountFen: 300_000 });
    expect(sent.jointReview).toEqual([
      expect.objectContaining({ agencyId: '360728-credit', outcome: 'cleared' }),
    ]);
    const execution = await executionOf(caseId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '{}').route.result.process).toEqual({
      eligibilityCheck: true,
      initialReview: false,
      substantiveReview: false,
      departmentDecision: true,
      jointReview: 'after_decision',
      announcementDays: 3,
    });
  });

  it('runs a reviewed policy whose guide has no site inspection or expert review, nor an announcement', async () => {
    // Prepare: a reviewed item must give a substantive review its own limit, unless its process leaves it out.
    const refused = await local.call('POST', '/policies', {
      token: await local.token('admin', 'admin-dingnan'),
      body: {
        groupName: '文旅产业发展奖励',
        name: '文旅融合示范项目奖励（缺时限）',
        mode: 'review',
        channel: 'online',
        basis: '定南县促进文旅产业高质量发展若干措施',
        eligibility: { text: '在本县登记的文旅企业', rules: { divisionCodes: ['360728'] } },
        materials: [],
        timeLimits: { routing: 1, initialReview: 3, substantiveReview: 0, payer: 1 },
        announcementDays: 0,
        effectiveFrom: '2024-01-01',
        seq: 903,
        departmentId: '360728-wgxlj',
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.fields).toEqual([
      expect.objectContaining({ field: 'timeLimits.substantiveReview', code: 'LIMIT_REQUIRED' }),
    ]);
    const policyId = await publishPolicy(902, {
      mode: 'review',
      announcementDays: 0,
      process: { substantiveReview: false },
    });
    const uscc = validUscc('91360728MA35J0CD2');
    const enterprise = await local.registerEnterprise(uscc);
    // Act: initial review is followed straight by the decision.
    const caseId = await file(enterprise, policyId);
    await decide(tourism, (await taskOf(tourism, caseId, 'initial_review')).id, { outcome: 'approve' });
    const decision = await taskOf(tourism, caseId, 'department_decision');
    const open = await local.call('GET', '/tasks', { token: tourism });
    expect(
      open.body.items
        .filter((task: { caseId: string }) => task.caseId === caseId)
        .map((t: { step: string }) => t.step),
    ).toEqual(['department_decision']);
    await decide(tourism, decision.id, { outcome: 'approve', amountFen: 120_000 });
    // Assess: joint review after the decision (no list names the enterprise), no announcement, sent to the payer.
    const sent = await statusOf(caseId, enterprise, 'sent_to_payer');
    expect(sent.timeline.map((t: { status: string }) => t.status)).not.toContain('announced');
    expect(sent.timeline.at(-2).note).toBe('联合审核：未命中联审部门名单');
    const execution = await executionOf(caseId);
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output ?? '{}').route.result.process).toEqual({
      eligibilityCheck: false,
      initialReview: true,
      substantiveReview: false,
      departmentDecision: true,
      jointReview: 'after_decision',
      announcementDays: 0,
    });
  });

  it('loads a newly published calendar year through the API', async () => {
    const admin = await local.token('admin', 'admin-dingnan');
    expect((await local.call('GET', '/calendar/2027')).body.source).toBe('unpublished');
    const wrongYear = await local.call('PUT', '/calendar/2027', {
      token: admin,
      body: { holidays: [{ date: '2028-01-01', name: '元旦' }], makeupWorkdays: [] },
    });
    expect(wrongYear.status).toBe(400);
    expect(wrongYear.body.error.details.fields[0]).toMatchObject({ code: 'DATE_OUTSIDE_YEAR' });
    const loaded = await local.call('PUT', '/calendar/2027', {
      token: admin,
      body: {
        holidays: [
          { date: '2027-02-06', name: '春节' },
          { date: '2027-01-01', name: '元旦' },
        ],
        makeupWorkdays: [{ date: '2027-02-20', name: '春节' }],
      },
    });
    expect(loaded.status).toBe(200);
    const view = await local.call('GET', '/calendar/2027');
    expect(view.body).toMatchObject({ source: 'loaded', year: 2027 });
    expect(view.body.holidays.map((d: { date: string }) => d.date)).toEqual(['2027-01-01', '2027-02-06']);
    expect((await local.call('GET', '/calendar/2026')).body.source).toBe('built_in');
  });
});
