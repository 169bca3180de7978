// Catalog administration, enterprises, materials and the audit trail, on the whole local platform.

import { DynamoDBClient, QueryCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../infra/local/loopback.ts';
import { addWorkingDays, workingCalendar } from '../../shared/calendar/working-days.ts';
import { bootPlatform, enterpriseProfile, type TestPlatform } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';

/** A complete guide an admin would write; tests change one element at a time. */
const guideBody = (overrides: Record<string, unknown> = {}) => ({
  groupName: '数字经济发展奖励',
  name: '新认定省级专精特新企业奖励',
  mode: 'instant',
  channel: 'online',
  basis: '定南县促进数字经济发展若干措施（试行）',
  eligibility: {
    text: '新认定为省级专精特新中小企业的本县工业企业',
    rules: { allTags: ['专精特新'], sizes: ['small', 'medium'], divisionCodes: ['360700'] },
  },
  materials: [{ name: '认定文件', required: true }],
  timeLimits: { routing: 1, initialReview: 3, substantiveReview: 0, payer: 1 },
  amountRule: { kind: 'fixed', amountFen: 10_000_000 },
  announcementDays: 0,
  effectiveFrom: '2024-01-01',
  ...overrides,
});

describe('catalog, enterprises, materials and audit', () => {
  let local: TestPlatform;
  let admin: string;
  const specialist = validUscc('91360728MA35G0AA1');

  beforeAll(async () => {
    local = await bootPlatform();
    admin = await local.token('admin', 'admin-dingnan');
    await local.registerEnterprise(specialist, { tags: ['专精特新'], size: 'small' });
  });
  afterAll(async () => {
    await local?.stop();
  });

  it('lets an admin draft, publish, edit and suspend a policy; a case keeps the version it was filed under', async () => {
    // Prepare: a draft is invisible to the public until published.
    const drafted = await local.call('POST', '/policies', {
      token: admin,
      body: { ...guideBody(), seq: 101, departmentId: '360728-gxj' },
    });
    expect(drafted.status).toBe(201);
    expect(drafted.body).toMatchObject({
      id: '360728-101',
      status: 'draft',
      version: 1,
      departmentName: '县工信局',
    });
    expect((await local.call('GET', '/policies/360728-101')).status).toBe(404);
    const published = await local.call('POST', '/policies/360728-101/status', {
      token: admin,
      body: { status: 'published', reason: '县政府常务会议审议通过' },
    });
    expect(published.body.status).toBe('published');
    const enterprise = await local.token('enterprise', specialist);
    const filed = await local.call('POST', '/applications', {
      token: enterprise,
      body: { policyId: '360728-101' },
    });
    expect(filed.status).toBe(201);
    // Act: the owning department raises the award; another department may not touch the guide.
    const raised = guideBody({ amountRule: { kind: 'fixed', amountFen: 20_000_000 } });
    const stranger = await local.call('PUT', '/policies/360728-101', {
      token: await local.token('department', '360728-swj'),
      body: raised,
    });
    expect(stranger.status).toBe(403);
    const edited = await local.call('PUT', '/policies/360728-101', {
      token: await local.token('department', '360728-gxj'),
      body: raised,
    });
    // Assess
    expect(edited.body).toMatchObject({ version: 2, amountRule: { amountFen: 20_000_000 } });
    const view = await local.call('GET', `/applications/${filed.body.id}`, { token: enterprise });
    expect(view.body.policyVersion).toBe(1);
    const pinned = await local.call('GET', '/policies/360728-101/versions/1');
    expect(pinned.body.amountRule.amountFen).toBe(10_000_000);
    expect((await local.call('GET', '/policies/360728-101/versions/2')).body.amountRule.amountFen).toBe(
      20_000_000,
    );
    // A suspended policy takes no applications; expiry is final.
    await local.call('POST', '/policies/360728-101/status', {
      token: admin,
      body: { status: 'suspended', reason: '资金额度已用完' },
    });
    const other = await local.registerEnterprise(validUscc('91360728MA35G0AA2'), {
      tags: ['专精特新'],
      size: 'small',
    });
    const refused = await local.call('POST', '/applications', {
      token: other,
      body: { policyId: '360728-101' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('POLICY_NOT_IN_EFFECT');
    await local.call('POST', '/policies/360728-101/status', {
      token: admin,
      body: { status: 'expired', reason: '到期' },
    });
    const revived = await local.call('POST', '/policies/360728-101/status', {
      token: admin,
      body: { status: 'published', reason: '恢复' },
    });
    expect(revived.status).toBe(409);
    expect(revived.body.error.code).toBe('INVALID_STATUS_CHANGE');
    // An admin of another county cannot touch it.
    const foreignAdmin = await local.token('admin', 'admin-longnan', '360727');
    const foreign = await local.call('PUT', '/policies/360728-019', {
      token: foreignAdmin,
      body: guideBody(),
    });
    expect(foreign.status).toBe(403);
  });

  it('filters the catalog by keyword on Chinese names and by effective date', async () => {
    const tourism = await local.call('GET', `/policies?keyword=${encodeURIComponent('旅游')}&limit=100`);
    expect(tourism.body.items.length).toBeGreaterThan(5);
    for (const policy of tourism.body.items) expect(`${policy.groupName}${policy.name}`).toContain('旅游');
    const before = await local.call('GET', '/policies?effectiveOn=2021-12-31&limit=100');
    expect(before.body.items).toHaveLength(0);
    const after = await local.call('GET', '/policies?effectiveOn=2023-06-01&limit=100');
    expect(after.body.items).toHaveLength(53);
  });

  it('keeps an enterprise profile, refuses a foreign account name, and remembers every bank account change', async () => {
    const uscc = validUscc('91360728MA35G0BB1');
    const token = await local.token('enterprise', uscc);
    const profile = enterpriseProfile(uscc);
    const mismatch = await local.call('PUT', '/enterprises/me', {
      token,
      body: { ...profile, bankAccount: { ...profile.bankAccount, accountName: '别人家的公司' } },
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.details.fields).toEqual([
      expect.objectContaining({ field: 'bankAccount.accountName', code: 'ACCOUNT_NAME_MISMATCH' }),
    ]);
    expect((await local.call('GET', '/enterprises/me', { token })).status).toBe(422);
    expect((await local.call('PUT', '/enterprises/me', { token, body: profile })).status).toBe(200);
    const moved = { ...profile, bankAccount: { ...profile.bankAccount, accountNo: '6222000011112222' } };
    const changed = await local.call('PUT', '/enterprises/me', { token, body: moved });
    expect(changed.body.bankAccountChanges).toEqual([
      expect.objectContaining({ from: profile.bankAccount, to: moved.bankAccount, by: `enterprise:${uscc}` }),
    ]);
    expect(changed.body.bankAccountSince > changed.body.createdAt).toBe(true);
    const trail = await local.call('GET', `/audit/enterprise/${uscc}`, { token });
    expect(trail.body.events.map((e: { action: string }) => e.action)).toEqual(['register', 'update']);
    expect(trail.body.events[1].after.bankAccount.accountNo).toBe('6222000011112222');
  });

  it('places an enterprise in the county that registered it, or in the county of that city it declares', async () => {
    // Prepare: one registered by Ganzhou's authority (360700), one by Dingnan's (360728).
    const cityRegistered = validUscc('91360700MA35G0HH1');
    const countyRegistered = validUscc('91360728MA35G0HH2');
    const put = async (uscc: string, divisionCode?: string) => {
      const { divisionCode: _default, ...profile } = enterpriseProfile(uscc);
      return local.call('PUT', '/enterprises/me', {
        token: await local.token('enterprise', uscc),
        body: divisionCode ? { ...profile, divisionCode } : profile,
      });
    };
    // Act
    const declared = await put(cityRegistered, '360728');
    const undeclared = await put(countyRegistered);
    const outside = await put(countyRegistered, '360727');
    // Assess
    expect(declared.body.divisionCode).toBe('360728');
    expect(undeclared.body.divisionCode).toBe('360728');
    expect(outside.status).toBe(422);
    expect(outside.body.error).toMatchObject({
      code: 'DIVISION_OUTSIDE_REGISTRATION',
      message: expect.stringContaining('不在统一社会信用代码登记机关'),
      details: { fields: [expect.objectContaining({ field: 'divisionCode' })] },
    });
    const window = await local.token('window', 'window-07');
    expect((await local.call('GET', `/enterprises/${cityRegistered}`, { token: window })).status).toBe(200);
    const foreignWindow = await local.token('window', 'window-longnan-07', '360727');
    expect(
      (await local.call('GET', `/enterprises/${countyRegistered}`, { token: foreignWindow })).status,
    ).toBe(404);
    // Window staff act only for their own county's enterprises, registered or not.
    const longnan = validUscc('91360727MA35G0HH3');
    const material = { fileName: '申请表.pdf', contentType: 'application/pdf', sizeBytes: 1024 };
    const foreignMaterial = await local.call('POST', '/materials', {
      token: window,
      body: { ...material, onBehalfOf: longnan },
    });
    const foreignFiling = await local.call('POST', '/applications', {
      token: window,
      body: { policyId: '360728-020', onBehalfOf: longnan },
    });
    expect([foreignMaterial.status, foreignFiling.status]).toEqual([403, 403]);
    expect(foreignFiling.body.error.code).toBe('FORBIDDEN');
  });

  it('matches policies by the enterprise attributes, with reasons, and pre-checks applications by the same rules', async () => {
    const tourist = await local.registerEnterprise(validUscc('91360728MA35G0CC1'), { tags: ['文旅'] });
    const matches = await local.call('GET', '/enterprises/me/matches', { token: tourist });
    const ids = matches.body.items.map((m: { policy: { id: string } }) => m.policy.id);
    expect(ids).toContain('360728-020');
    expect(ids).not.toContain('360728-007');
    const tourismMatch = matches.body.items.find(
      (m: { policy: { id: string } }) => m.policy.id === '360728-020',
    );
    expect(tourismMatch.reasons).toContainEqual(expect.objectContaining({ criterion: 'anyTags', met: true }));
    // A trade item misses by its tag alone: a near miss that names the tag; an item of another county is none.
    const tradeMiss = matches.body.nearMisses.find(
      (m: { policy: { id: string } }) => m.policy.id === '360728-035',
    );
    expect(tradeMiss.reasons).toContainEqual({
      criterion: 'anyTags',
      met: false,
      message: '须具备其一：外贸',
    });
    expect(matches.body.nearMisses.map((m: { policy: { id: string } }) => m.policy.id)).not.toContain(
      '360728-020',
    );
    // The specialist policy needs 专精特新; this enterprise is refused with the criterion that failed.
    await local.call('POST', '/policies', {
      token: admin,
      body: { ...guideBody(), seq: 102, departmentId: '360728-gxj' },
    });
    await local.call('POST', '/policies/360728-102/status', {
      token: admin,
      body: { status: 'published', reason: '发布' },
    });
    const refused = await local.call('POST', '/applications', {
      token: tourist,
      body: { policyId: '360728-102' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('NOT_ELIGIBLE');
    expect(refused.body.error.details.reasons.map((r: { criterion: string }) => r.criterion).sort()).toEqual([
      'allTags',
      'sizes',
    ]);
    const unregistered = await local.token('enterprise', validUscc('91360728MA35G0CC2'));
    const nobody = await local.call('POST', '/applications', {
      token: unregistered,
      body: { policyId: '360728-020' },
    });
    expect(nobody.body.error.code).toBe('ENTERPRISE_NOT_REGISTERED');
  });

  it('uploads materials through presigned URLs and files only what arrived as declared', async () => {
    const uscc = validUscc('91360728MA35G0DD1');
    const token = await local.registerEnterprise(uscc);
    const pdf = Buffer.from('%PDF-1.7 营业执照扫描件');
    const registered = await local.call('POST', '/materials', {
      token,
      body: {
        fileName: '营业执照.pdf',
        contentType: 'application/pdf',
        sizeBytes: pdf.length,
        materialName: '营业执照',
      },
    });
    expect(registered.status).toBe(201);
    const notYet = await local.call('POST', '/applications', {
      token,
      body: { policyId: '360728-020', materialIds: [registered.body.id] },
    });
    expect(notYet.body.error).toMatchObject({ code: 'MATERIAL_NOT_UPLOADED' });
    const upload = await fetch(registered.body.upload.url, {
      method: 'PUT',
      headers: registered.body.upload.headers,
      body: pdf,
    });
    expect(upload.status).toBe(200);
    // Someone else's material cannot be cited.
    const thief = await local.registerEnterprise(validUscc('91360728MA35G0DD2'));
    const stolen = await local.call('POST', '/applications', {
      token: thief,
      body: { policyId: '360728-020', materialIds: [registered.body.id] },
    });
    expect(stolen.body.error.code).toBe('MATERIAL_NOT_FOUND');
    const filed = await local.call('POST', '/applications', {
      token,
      body: { policyId: '360728-020', materialIds: [registered.body.id] },
    });
    expect(filed.status).toBe(201);
    expect(filed.body.materialIds).toEqual([registered.body.id]);
    // The department that reviews it opens the file by a short-lived link; nobody else learns it exists.
    const department = await local.token('department', '360728-wgxlj');
    const listed = await local.call('GET', `/applications/${filed.body.id}/materials`, { token: department });
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: registered.body.id, fileName: '营业执照.pdf', materialName: '营业执照' }),
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('objectKey');
    const opened = await fetch(listed.body.items[0].download.url);
    expect(Buffer.from(await opened.arrayBuffer())).toEqual(pdf);
    expect(opened.headers.get('content-type')).toBe('application/pdf');
    expect(
      (await local.call('GET', `/applications/${filed.body.id}/materials`, { token: thief })).status,
    ).toBe(404);
    const otherDepartment = await local.token('department', '360728-swj');
    expect(
      (await local.call('GET', `/applications/${filed.body.id}/materials`, { token: otherDepartment }))
        .status,
    ).toBe(404);
    const tooBig = await local.call('POST', '/materials', {
      token,
      body: { fileName: 'a.pdf', contentType: 'application/pdf', sizeBytes: 21 * 1024 * 1024 },
    });
    expect(tooBig.status).toBe(400);
    const wrongType = await local.call('POST', '/materials', {
      token,
      body: { fileName: 'a.exe', contentType: 'application/x-msdownload', sizeBytes: 10 },
    });
    expect(wrongType.body.error.details.fields[0].field).toBe('contentType');
  });

  it("files at the window on an enterprise's behalf, refusing bad USCCs with the precise reason and unknown fields", async () => {
    // Prepare
    const uscc = validUscc('91360728MA35G0FF1');
    await local.registerEnterprise(uscc);
    const window = await local.token('window', 'window-07');
    const file = (body: unknown) => local.call('POST', '/applications', { token: window, body });
    const fieldCode = (response: {
      body: { error: { details: { fields: { field: string; code: string }[] } } };
    }) => response.body.error.details.fields.map((f) => `${f.field}:${f.code}`);
    // Act and assess: a wrong check character, a letter GB 32100 leaves out, a wrong length.
    const wrongCheck = `${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}`;
    expect(fieldCode(await file({ policyId: '360728-020', onBehalfOf: wrongCheck }))).toEqual([
      'onBehalfOf:USCC_CHECK_CHARACTER',
    ]);
    for (const letter of ['I', 'O', 'Z', 'S', 'V']) {
      const withLetter = `${uscc.slice(0, 10)}${letter}${uscc.slice(11)}`;
      expect(fieldCode(await file({ policyId: '360728-020', onBehalfOf: withLetter }))).toEqual([
        'onBehalfOf:USCC_CHARACTER',
      ]);
    }
    expect(fieldCode(await file({ policyId: '360728-020', onBehalfOf: uscc.slice(0, 17) }))).toEqual([
      'onBehalfOf:USCC_LENGTH',
    ]);
    const massAssignment = await file({
      policyId: '360728-020',
      onBehalfOf: uscc,
      status: 'approved',
      approvedAmountFen: 1,
    });
    expect(fieldCode(massAssignment).sort()).toEqual([
      'approvedAmountFen:UNKNOWN_FIELD',
      'status:UNKNOWN_FIELD',
    ]);
    const filed = await file({ policyId: '360728-020', onBehalfOf: uscc });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({ uscc, channel: 'window', filedBy: 'window-07', status: 'submitted' });
    // The slip names the policy and the date its limits promise: 即申即享 routes in 1 working day and pays in 1.
    expect(filed.body.policyName).toBe('新创评国家 5A、4A、3A 景区的奖励（含复评）');
    expect(filed.body.dueOn).toBe(addWorkingDays(workingCalendar(), new Date(filed.body.createdAt), 2).date);
    const listed = await local.call('GET', `/applications?uscc=${uscc}`, { token: window });
    expect(listed.body.items.map((c: { id: string }) => c.id)).toEqual([filed.body.id]);
  });

  it('hash-chains every change of a case and detects an event altered in the store', async () => {
    // Prepare: a case that has been filed and routed.
    const uscc = validUscc('91360728MA35G0EE1');
    const token = await local.registerEnterprise(uscc);
    const filed = await local.call('POST', '/applications', { token, body: { policyId: '360728-021' } });
    const caseId = filed.body.id as string;
    const trailOf = () => local.call('GET', `/audit/case/${caseId}`, { token: admin });
    const intact = await (async () => {
      for (;;) {
        const trail = await trailOf();
        if (trail.body.events.length >= 2) return trail.body;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    expect(intact.verification).toMatchObject({ valid: true });
    expect(intact.events[0]).toMatchObject({
      seq: 1,
      action: 'file',
      actor: { role: 'enterprise', subject: uscc },
    });
    expect(intact.events[1]).toMatchObject({
      seq: 2,
      action: 'to_in_review',
      before: { status: 'submitted' },
    });
    // Act: someone with database access rewrites who filed the case.
    const auditTable = local.platform.assembly.functions.find((f) => f.name.startsWith('AuditFunction'))
      ?.environment.AUDIT_TABLE;
    const dynamo = new DynamoDBClient({
      endpoint: local.platform.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    const stored = await dynamo.send(
      new QueryCommand({
        TableName: auditTable,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: `AUDIT#case#${caseId}` } },
      }),
    );
    const first = stored.Items?.[0];
    await dynamo.send(
      new UpdateItemCommand({
        TableName: auditTable,
        Key: { pk: first?.pk ?? { S: '' }, sk: first?.sk ?? { S: '' } },
        UpdateExpression: 'SET actor.subject = :someone',
        ExpressionAttributeValues: { ':someone': { S: 'window-99' } },
      }),
    );
    // Assess
    const tampered = await trailOf();
    expect(tampered.body.verification).toEqual({
      valid: false,
      length: expect.any(Number),
      brokenAtSeq: 1,
      reason: 'hash_mismatch',
    });
    // The enterprise may verify its own case; a stranger may not even see it.
    expect((await local.call('GET', `/audit/case/${caseId}`, { token })).body.verification.valid).toBe(false);
    const stranger = await local.registerEnterprise(validUscc('91360728MA35G0EE2'));
    expect((await local.call('GET', `/audit/case/${caseId}`, { token: stranger })).status).toBe(404);
  });
});
