// The whole platform from the synthesized assembly: HTTP API, functions, DynamoDB Local, fauxqs, Step Functions.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, eventually, type TestPlatform } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the one-machine platform', () => {
  let local: TestPlatform;
  const enterprise = validUscc('91360728MA35F0XQ1');
  const otherEnterprise = validUscc('91360728MA35F0XQ2');

  beforeAll(async () => {
    local = await bootPlatform();
    await local.registerEnterprise(enterprise);
    await local.registerEnterprise(otherEnterprise);
  });
  /** The chain opens the task asynchronously; wait until the department's list shows it. */
  const openTaskOf = (caseId: string, departmentToken: string) =>
    eventually(async () => {
      const tasks = await local.call('GET', '/tasks', { token: departmentToken });
      const found = tasks.body.items.find((t: { caseId: string }) => t.caseId === caseId);
      if (!found) throw new Error('task not open yet');
      return found;
    });
  afterAll(async () => {
    await local?.stop();
  });

  it('logs a request under the id its caller was given, and counts refused whitelist lines as a metric', async () => {
    // Prepare: a push with one line refused (its USCC has a wrong check character).
    const department = await local.token('department', '360728-gxj');
    const line = (uscc: string) => ({
      uscc,
      enterpriseName: '定南县示例公司',
      bankName: '中国银行定南支行',
      accountNo: '6217000000000001',
      accountName: '定南县示例公司',
      amountFen: 10_000,
    });
    const wrongCheck = `${enterprise.slice(0, 17)}${enterprise.endsWith('0') ? '1' : '0'}`;

    // Act
    const pushed = await local.call('POST', '/whitelist-batches', {
      token: department,
      body: {
        policyId: '360728-002',
        batchRef: 'log-and-metric',
        entries: [line(enterprise), line(wrongCheck)],
      },
    });

    // Assess: the fund pool's log has the request's line with its id, and the metric's EMF record.
    expect(pushed.status).toBe(202);
    expect(pushed.body.refused).toHaveLength(1);
    const requestId = pushed.headers.get('apigw-requestid');
    const logs = path.join(local.dataDir, 'logs');
    const fundPoolLog = () => {
      const file = readdirSync(logs).find((name) => name.startsWith('FundPoolFunction'));
      return file ? readFileSync(path.join(logs, file), 'utf8').split('\n').filter(Boolean) : [];
    };
    const lines = await eventually(async () => {
      // Structured lines only: the runtime may print others (a warning of Node's own) to the same log.
      const found = fundPoolLog()
        .filter((text) => text.startsWith('{'))
        .map((text) => JSON.parse(text) as Record<string, unknown>);
      // The metric is published after the answer's line, when the invocation ends: wait for both.
      if (!found.some((entry) => entry.correlation_id === requestId)) throw new Error('not logged yet');
      if (!found.some((entry) => entry.WhitelistLinesRefused === 1))
        throw new Error('metric not published yet');
      return found;
    });
    expect(lines).toContainEqual(
      expect.objectContaining({
        message: 'answered',
        correlation_id: requestId,
        route: 'POST /whitelist-batches',
        status: 202,
      }),
    );
    expect(lines.some((entry) => entry.WhitelistLinesRefused === 1 && typeof entry._aws === 'object')).toBe(
      true,
    );
  });

  it('serves the 53 Dingnan items publicly, paginated, filterable by mode and department', async () => {
    // Act: walk every page.
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await local.call('GET', `/policies?limit=20${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(20);
      ids.push(...page.body.items.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    // Assess
    expect(new Set(ids).size).toBe(53);
    const review = await local.call('GET', '/policies?mode=review&limit=100');
    expect(review.body.items).toHaveLength(13);
    const commerce = await local.call('GET', '/policies?department=360728-swj&limit=100');
    expect(commerce.body.items).toHaveLength(13);
    expect(commerce.body.items[0]).toMatchObject({
      departmentId: '360728-swj',
      mode: expect.any(String),
      channel: expect.any(String),
    });
    const departments = await local.call('GET', '/departments');
    expect(departments.body.items.map((d: { name: string }) => d.name)).toContain('县商务局');
  });

  it('refuses bad queries and unknown routes with the error envelope', async () => {
    const badMode = await local.call('GET', '/policies?mode=sometimes');
    expect(badMode.status).toBe(400);
    expect(badMode.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringMatching(/[\u4e00-\u9fff]/),
    });
    expect((await local.call('GET', '/policies?limit=101')).status).toBe(400);
    expect((await local.call('GET', '/policies?cursor=garbage')).body.error.code).toBe('INVALID_CURSOR');
    expect((await local.call('GET', '/policies/360728-999')).status).toBe(404);
  });

  it('requires a valid token on protected routes', async () => {
    expect((await local.call('GET', '/tasks')).status).toBe(401);
    expect((await local.call('GET', '/tasks', { token: 'not-a-jwt' })).status).toBe(401);
    const enterpriseToken = await local.token('enterprise', enterprise);
    expect((await local.call('GET', '/tasks', { token: enterpriseToken })).status).toBe(403);
  });

  it('serves the API viewer at /docs from the bundled Swagger UI, with no script inline and nothing from another site', async () => {
    // Act
    const bare = await fetch(`${local.platform.url}/docs`, { redirect: 'manual' });
    const page = await fetch(`${local.platform.url}/docs/`);
    const html = await page.text();

    // Assess: the page, its files under /docs/, the description it starts on.
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('/docs/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'; connect-src 'self';/);
    expect(html).not.toMatch(/<script>|https?:\/\//);
    const files = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(files).toEqual(expect.arrayContaining(['swagger-ui.css', 'swagger-ui-bundle.js', 'init.js']));
    for (const file of files) {
      const served = await fetch(new URL(file, `${local.platform.url}/docs/`));
      expect({ file, status: served.status }).toEqual({ file, status: 200 });
      if (file === 'swagger-ui-bundle.js') expect(await served.text()).toContain('SwaggerUIBundle');
      if (file === 'init.js') expect(await served.text()).toContain("url: '/openapi.json'");
    }
    expect((await fetch(`${local.platform.url}/docs/swagger-ui-bundle.js.map`)).status).toBe(404);
    expect((await local.call('GET', '/openapi.json')).status).toBe(200);
  });

  it('carries an instant case through the chain: task-token wait, decision, payout order through the queue', async () => {
    // Prepare
    const enterpriseToken = await local.token('enterprise', enterprise);
    const department = await local.token('department', '360728-scjgj');
    // Act: the enterprise applies for an instant policy of 县市监局.
    const filed = await local.call('POST', '/applications', {
      token: enterpriseToken,
      body: { policyId: '360728-019', requestedAmountFen: 500_000 },
    });
    expect(filed.status).toBe(201);
    const caseId = filed.body.id as string;
    // The chain parks on the department's decision; the task shows up in its list, its token hidden.
    const task = await openTaskOf(caseId, department);
    expect(task).toMatchObject({
      step: 'department_decision',
      status: 'open',
      dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(JSON.stringify(task)).not.toMatch(/token/i);
    // Another department cannot decide it, and sees no such task.
    const stranger = await local.token('department', '360728-swj');
    expect(
      (
        await local.call('POST', `/tasks/${task.id}/decision`, {
          token: stranger,
          body: { outcome: 'approve', amountFen: 1 },
        })
      ).status,
    ).toBe(404);
    const decided = await local.call('POST', `/tasks/${task.id}/decision`, {
      token: department,
      body: { outcome: 'approve', amountFen: 450_000 },
    });
    expect(decided.status).toBe(200);
    const again = await local.call('POST', `/tasks/${task.id}/decision`, {
      token: department,
      body: { outcome: 'approve', amountFen: 450_000 },
    });
    expect(again.status).toBe(409);
    // Assess: the case is sent to the payer and the payout function recorded the order from the queue.
    const sent = await eventually(async () => {
      const view = await local.call('GET', `/applications/${caseId}`, { token: enterpriseToken });
      if (view.body.status !== 'sent_to_payer') throw new Error(`still ${view.body.status}`);
      return view.body;
    });
    expect(sent.approvedAmountFen).toBe(450_000);
    // Routed, screened by joint review (no list names the enterprise), decided and sent.
    expect(sent.timeline.map((t: { status: string }) => t.status)).toEqual([
      'submitted',
      'in_review',
      'in_review',
      'sent_to_payer',
    ]);
    expect(sent.timeline[2].note).toBe('联合审核：未命中联审部门名单');
    const { ledgerTable } = local;
    const dynamo = new DynamoDBClient({
      endpoint: local.platform.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const payment = await eventually(async () => {
      const item = await dynamo.send(
        new GetItemCommand({
          TableName: ledgerTable,
          Key: { pk: { S: `PAYMENT#case-${caseId}` }, sk: { S: 'PAYMENT' } },
        }),
      );
      if (!item.Item) throw new Error('payment not recorded yet');
      return item.Item;
    });
    expect(payment.amountFen?.N).toBe('450000');
    expect(payment.uscc?.S).toBe(enterprise);
    // The execution itself ended successfully.
    const execution = await local.platform.stepFunctions.describeExecution(
      `${local.platform.assembly.machines.find((m) => m.name.startsWith('ApprovalChain'))?.arn.replace(':stateMachine:', ':execution:')}:${caseId}`,
    );
    expect(execution.status).toBe('SUCCEEDED');
  });

  it('ends a rejected case with its reason and policy explanation, and refuses a rejection without them', async () => {
    const enterpriseToken = await local.token('enterprise', otherEnterprise);
    const department = await local.token('department', '360728-scjgj');
    const filed = await local.call('POST', '/applications', {
      token: enterpriseToken,
      body: { policyId: '360728-019' },
    });
    const caseId = filed.body.id as string;
    const task = await openTaskOf(caseId, department);
    const bare = await local.call('POST', `/tasks/${task.id}/decision`, {
      token: department,
      body: { outcome: 'reject' },
    });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'explanation',
      'reason',
    ]);
    const rejected = await local.call('POST', `/tasks/${task.id}/decision`, {
      token: department,
      body: {
        outcome: 'reject',
        reason: '专利授权日期不在政策期限内',
        explanation: '本政策仅奖励2022年度内授权的发明专利',
      },
    });
    expect(rejected.status).toBe(200);
    const view = await eventually(async () => {
      const result = await local.call('GET', `/applications/${caseId}`, { token: enterpriseToken });
      if (result.body.status !== 'rejected') throw new Error(`still ${result.body.status}`);
      return result.body;
    });
    expect(view).toMatchObject({
      decisionReason: '专利授权日期不在政策期限内',
      decisionExplanation: expect.any(String),
    });
    const inbox = await local.call('GET', '/notifications', { token: enterpriseToken });
    expect(inbox.body.items).toEqual([
      expect.objectContaining({
        caseId,
        kind: 'rejected',
        message: expect.stringContaining('本政策仅奖励2022年度内授权的发明专利'),
      }),
    ]);
    // The other enterprise's case is not visible to this one.
    const nosy = await local.call('GET', `/applications/${caseId}`, {
      token: await local.token('enterprise', enterprise),
    });
    expect(nosy.status).toBe(404);
  });

  it('returns a case for correction, waits for the resubmission, reviews it again, and tells the enterprise each time', async () => {
    // Prepare
    const uscc = validUscc('91360728MA35F0XQ4');
    const enterpriseToken = await local.registerEnterprise(uscc);
    const department = await local.token('department', '360728-wgxlj');
    const filed = await local.call('POST', '/applications', {
      token: enterpriseToken,
      body: { policyId: '360728-020' },
    });
    const caseId = filed.body.id as string;
    const first = await openTaskOf(caseId, department);
    // Act: the department returns it; a return without saying what to correct is refused.
    const bare = await local.call('POST', `/tasks/${first.id}/decision`, {
      token: department,
      body: { outcome: 'return' },
    });
    expect(bare.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['reason']);
    await local.call('POST', `/tasks/${first.id}/decision`, {
      token: department,
      body: { outcome: 'return', reason: '请补充景区评定文件的盖章扫描件' },
    });
    const returned = await eventually(async () => {
      const view = await local.call('GET', `/applications/${caseId}`, { token: enterpriseToken });
      if (view.body.status !== 'returned') throw new Error(`still ${view.body.status}`);
      return view.body;
    });
    expect(returned.correctionRequest).toBe('请补充景区评定文件的盖章扫描件');
    expect(JSON.stringify(returned)).not.toMatch(/token/i);
    const resubmitted = await local.call('POST', `/applications/${caseId}/resubmit`, {
      token: enterpriseToken,
      body: { note: '已补充盖章扫描件' },
    });
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.status).toBe('in_review');
    const twice = await local.call('POST', `/applications/${caseId}/resubmit`, {
      token: enterpriseToken,
      body: {},
    });
    expect(twice.status).toBe(409);
    // Assess: the same step opens a new task; approving it sends the case to the payer.
    const second = await eventually(async () => {
      const task = await openTaskOf(caseId, department);
      if (task.id === first.id) throw new Error('no new task yet');
      return task;
    });
    expect(second.step).toBe('department_decision');
    await local.call('POST', `/tasks/${second.id}/decision`, {
      token: department,
      body: { outcome: 'approve', amountFen: 300_000 },
    });
    const notices = await eventually(async () => {
      const inbox = await local.call('GET', '/notifications', { token: enterpriseToken });
      if (inbox.body.items.length < 2) throw new Error('not notified yet');
      return inbox.body.items;
    });
    expect(notices.map((n: { kind: string }) => n.kind)).toEqual(['sent_to_payer', 'returned']);
    expect(notices[0].message).toContain('3000.00 元');
    const view = await local.call('GET', `/applications/${caseId}`, { token: enterpriseToken });
    expect(view.body.timeline.map((t: { status: string }) => t.status)).toEqual([
      'submitted',
      'in_review',
      'in_review',
      'returned',
      'in_review',
      'sent_to_payer',
    ]);
  });

  it('refuses applications to an auto policy, and a second live application to the same policy', async () => {
    const token = await local.registerEnterprise(validUscc('91360728MA35F0XQ3'));
    const auto = await local.call('POST', '/applications', { token, body: { policyId: '360728-001' } });
    expect(auto.status).toBe(422);
    expect(auto.body.error.code).toBe('POLICY_NO_APPLICATION');
    expect(
      (await local.call('POST', '/applications', { token, body: { policyId: '360728-020' } })).status,
    ).toBe(201);
    const duplicate = await local.call('POST', '/applications', { token, body: { policyId: '360728-020' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('DUPLICATE_APPLICATION');
  });

  it('keeps its data across a restart and leaves no Java process behind when stopped', async () => {
    // Prepare
    const pid = local.platform.dynamoDbPid;
    const { dataDir } = local;
    // Act
    await local.platform.stop();
    expect(isRunning(pid)).toBe(false);
    local = await bootPlatform(dataDir);
    // Assess
    const page = await local.call('GET', '/policies?limit=100');
    expect(page.body.items).toHaveLength(53);
    const mine = await local.call('GET', '/applications', {
      token: await local.token('enterprise', enterprise),
    });
    expect(mine.body.items).toHaveLength(1);
  });
});
