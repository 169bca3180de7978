// Every route × every role × own / someone else's object, against the real functions: the expected status of each cell.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiDate } from '../../shared/dates.ts';
import { bootPlatform, enterpriseProfile, eventually, type TestPlatform } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';

/**
 * The callers, each role once as the owner of the objects under test ("o") and once as a stranger to them ("x"):
 * another enterprise, department, or a jurisdiction other than Dingnan (360727) for staff.
 */
const year = Number(shanghaiDate(new Date()).slice(0, 4));

/** A whitelist line for an enterprise, in its own name and account. */
const whitelistEntry = (uscc: string) => {
  const { name, bankAccount } = enterpriseProfile(uscc);
  return { uscc, enterpriseName: name, ...bankAccount, amountFen: 10_000 };
};

/** 旅游奖励: its pool of last year is funded only to be settled by the matrix. */
const SETTLED_POLICY = '360728-024';

const CALLERS = [
  'anon',
  'Eo',
  'Ex',
  'Wo',
  'Wx',
  'Do',
  'Dx',
  'G',
  'Po',
  'Px',
  'Fo',
  'Fx',
  'Ao',
  'Ax',
] as const;
type Caller = (typeof CALLERS)[number];

// biome-ignore format: the table is easier to read aligned
const MATRIX: [route: string, ...statuses: number[]][] = [
  //                                       anon  Eo   Ex   Wo   Wx   Do   Dx   G    Po   Px   Fo   Fx   Ao   Ax
  ['GET /openapi.json',                     200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  ['GET /policies',                         200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  ['GET /policies/{id}',                    200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  ['GET /policies/{id}/versions/{version}', 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  ['GET /departments',                      200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  ['POST /policies',                        401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 422],
  ['PUT /policies/{id}',                    401, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 200, 403],
  ['POST /policies/{id}/status',            401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403],
  ['GET /calendar/{year}',                  200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  ['PUT /calendar/{year}',                  401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200],
  ['PUT /enterprises/me',                   401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /enterprises/me',                   401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /enterprises/me/matches',           401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /enterprises/{uscc}',               401, 403, 403, 200, 404, 403, 403, 403, 200, 404, 403, 403, 403, 403],
  ['POST /materials',                       401, 201, 201, 201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['POST /applications',                    401, 201, 201, 201, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /applications',                     401, 200, 200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /applications/{id}',                401, 200, 404, 200, 404, 200, 404, 403, 403, 403, 403, 403, 403, 403],
  ['POST /applications/{id}/resubmit',      401, 409, 404, 409, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['POST /applications/{id}/rating',        401, 409, 404, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['POST /applications/{id}/objections',   401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
  ['GET /announcements',                    200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
  ['GET /notifications',                    401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /tasks',                            401, 403, 403, 403, 403, 200, 200, 200, 403, 403, 403, 403, 403, 403],
  ['POST /tasks/{id}/decision',             401, 403, 403, 403, 403, 200, 404, 404, 403, 403, 403, 403, 403, 403],
  ['GET /escalations',                      401, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /blacklist',                        401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403],
  ['PUT /blacklist/{uscc}',                 401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403],
  ['DELETE /blacklist/{uscc}',              401, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 403, 403],
  ['POST /budgets/allocations',             401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403],
  ['GET /budgets',                          401, 403, 403, 403, 403, 403, 403, 403, 200, 403, 200, 403, 403, 403],
  ['POST /whitelist-batches',               401, 403, 403, 403, 403, 202, 403, 403, 403, 403, 403, 403, 403, 403],
  ['GET /whitelist-batches/{id}',           401, 403, 403, 403, 403, 200, 404, 403, 200, 404, 200, 404, 403, 403],
  ['GET /payments',                         401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 200, 403, 403],
  ['POST /payments/{id}/release',           401, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 403],
  ['POST /payments/{id}/reject',            401, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403, 403, 403],
  ['POST /reconciliations',                 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 202, 202, 403, 403],
  ['GET /reconciliations/{id}',             401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 200, 404],
  ['GET /reconciliations/{id}/report.csv',  401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 200, 404],
  ['GET /reconciliations/{id}/report.xlsx', 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 200, 404],
  ['POST /reconciliations/{id}/discrepancies/{seq}/resolve',
                                            401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 404, 403, 403],
  ['POST /settlements',                     401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 201, 403, 403, 403],
  ['GET /settlements/{year}',               401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 200],
  ['GET /settlements/{year}/statement.csv', 401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 200],
  ['GET /stats',                            401, 403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 200],
  ['GET /risk-warnings',                    401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200, 200, 200, 200],
  ['GET /audit/{entityType}/{id}',          401, 200, 404, 403, 403, 200, 404, 404, 403, 403, 200, 404, 200, 404],
];

describe('authorization: every route, every role, own and other objects', () => {
  let local: TestPlatform;
  const ownEnterprise = validUscc('91360728MA35H0AA1');
  const otherEnterprise = validUscc('91360728MA35H0AA2');
  /** Listed and delisted by the agency; no case of the matrix involves it. */
  const listedEnterprise = validUscc('91360728MA35H0AA3');
  /** On the agency's list for good, so the whitelist pays neither: their payments wait, held, for the payer. */
  const heldEnterprises = [validUscc('91360728MA35H0AA4'), validUscc('91360728MA35H0AA5')];
  const tokens = {} as Record<Caller, string | undefined>;
  /** The objects the "o" callers own: a case of theirs, its review task, a tourism policy of their department. */
  const objects = {
    caseId: '',
    taskId: '',
    draftPolicyId: '',
    autoPolicyId: '',
    batchId: '',
    releasePaymentId: '',
    rejectPaymentId: '',
    reconciliationId: '',
  };
  let guideOf020: Record<string, unknown>;
  let seq = 200;

  beforeAll(async () => {
    local = await bootPlatform();
    tokens.anon = undefined;
    tokens.Eo = await local.registerEnterprise(ownEnterprise);
    tokens.Ex = await local.registerEnterprise(otherEnterprise);
    tokens.Wo = await local.token('window', 'window-01');
    tokens.Wx = await local.token('window', 'window-longnan-01', '360727');
    // The owning department's caller is its head, so the escalation list has an owner too.
    tokens.Do = await local.headToken('department', '360728-wgxlj');
    tokens.Dx = await local.token('department', '360728-swj');
    tokens.G = await local.token('agency', '360728-credit');
    tokens.Po = await local.token('payer', 'payer-dingnan');
    tokens.Px = await local.token('payer', 'payer-longnan', '360727');
    tokens.Fo = await local.token('finance', 'finance-dingnan');
    tokens.Fx = await local.token('finance', 'finance-longnan', '360727');
    tokens.Ao = await local.token('admin', 'admin-dingnan');
    tokens.Ax = await local.token('admin', 'admin-longnan', '360727');
    const filed = await local.call('POST', '/applications', {
      token: tokens.Eo,
      body: { policyId: '360728-020' },
    });
    objects.caseId = filed.body.id;
    const task = await eventually(async () => {
      const open = await local.call('GET', '/tasks', { token: tokens.Do });
      const found = open.body.items.find((t: { caseId: string }) => t.caseId === objects.caseId);
      if (!found) throw new Error('task not open yet');
      return found;
    });
    objects.taskId = task.id;
    const {
      id: _id,
      divisionCode: _d,
      seq: _s,
      departmentId: _dep,
      departmentName: _n,
      status: _st,
      version: _v,
      updatedAt: _u,
      ...guide
    } = (await local.call('GET', '/policies/360728-020')).body;
    guideOf020 = guide;
    const draft = await local.call('POST', '/policies', {
      token: tokens.Ao,
      body: { ...guide, seq: 199, departmentId: '360728-wgxlj' },
    });
    objects.draftPolicyId = draft.body.id;
    // The owning department's own `auto` policy, funded, and a whitelist whose two entries are held.
    const auto = await local.call('POST', '/policies', {
      token: tokens.Ao,
      body: { ...guide, mode: 'auto', seq: 198, departmentId: '360728-wgxlj' },
    });
    objects.autoPolicyId = auto.body.id;
    await local.call('POST', `/policies/${objects.autoPolicyId}/status`, {
      token: tokens.Ao,
      body: { status: 'published', reason: '发布' },
    });
    await local.call('POST', '/budgets/allocations', {
      token: tokens.Fo,
      body: { policyId: objects.autoPolicyId, year, amountFen: 1_000_000, ref: 'matrix-setup' },
    });
    // A pool of its own for settlement, so settling it leaves the payments above untouched.
    await local.call('POST', '/budgets/allocations', {
      token: tokens.Fo,
      body: { policyId: SETTLED_POLICY, year: year - 1, amountFen: 1_000, ref: 'matrix-settlement' },
    });
    for (const uscc of heldEnterprises) {
      await local.call('PUT', `/blacklist/${uscc}`, {
        token: tokens.G,
        body: { reason: '列入严重失信主体名单' },
      });
    }
    const batch = await local.call('POST', '/whitelist-batches', {
      token: tokens.Do,
      body: {
        policyId: objects.autoPolicyId,
        batchRef: 'matrix-setup',
        entries: heldEnterprises.map(whitelistEntry),
      },
    });
    objects.batchId = batch.body.id;
    const held = await eventually(async () => {
      const list = await local.call('GET', `/payments?batchId=${objects.batchId}&status=held`, {
        token: tokens.Po,
      });
      if (list.body.items.length < 2) throw new Error('not held yet');
      return list.body.items;
    });
    objects.releasePaymentId = held[0].id;
    objects.rejectPaymentId = held[1].id;
    // Today's statement gets a line the platform never paid, so finance's reconciliation has a discrepancy to resolve.
    await local.seedStatementLine({
      paymentId: 'wl-matrix-stranger-00001',
      accountNo: '6228489999990002',
      accountName: '陌生企业',
      amountFen: 100,
    });
    const today = shanghaiDate(new Date());
    const requested = await local.call('POST', '/reconciliations', {
      token: tokens.Fo,
      body: { from: today, to: today },
    });
    objects.reconciliationId = requested.body.id;
    await eventually(async () => {
      const report = await local.call('GET', `/reconciliations/${objects.reconciliationId}`, {
        token: tokens.Fo,
      });
      if (report.body.status !== 'done') throw new Error('not reconciled yet');
    }, 60_000);
  });
  afterAll(async () => {
    await local?.stop();
  });

  /** The request of a cell: the path with the objects filled in, and a body valid for the route. */
  function requestFor(route: string, caller: Caller): { path: string; body?: unknown } {
    switch (route) {
      case 'GET /policies/{id}':
        return { path: '/policies/360728-020' };
      case 'GET /policies/{id}/versions/{version}':
        return { path: '/policies/360728-020/versions/1' };
      case 'POST /policies':
        return { path: '/policies', body: { ...guideOf020, seq: seq++, departmentId: '360728-wgxlj' } };
      case 'PUT /policies/{id}':
        return { path: '/policies/360728-020', body: guideOf020 };
      case 'POST /policies/{id}/status':
        return {
          path: `/policies/${objects.draftPolicyId}/status`,
          body: { status: 'published', reason: '发布' },
        };
      case 'PUT /enterprises/me':
        return {
          path: '/enterprises/me',
          body: enterpriseProfile(caller === 'Eo' ? ownEnterprise : otherEnterprise),
        };
      case 'GET /enterprises/{uscc}':
        return { path: `/enterprises/${ownEnterprise}` };
      case 'POST /materials':
        return {
          path: '/materials',
          body: {
            fileName: '申请表.pdf',
            contentType: 'application/pdf',
            sizeBytes: 1024,
            ...(caller.startsWith('W') ? { onBehalfOf: ownEnterprise } : {}),
          },
        };
      case 'POST /applications': {
        // A first application each time: the enterprise's own, or window staff filing for the other enterprise.
        const policyId =
          { Eo: '360728-021', Ex: '360728-021', Wo: '360728-022' }[caller as string] ?? '360728-023';
        return {
          path: '/applications',
          body: { policyId, ...(caller.startsWith('W') ? { onBehalfOf: otherEnterprise } : {}) },
        };
      }
      case 'GET /applications':
        return { path: caller.startsWith('W') ? `/applications?uscc=${ownEnterprise}` : '/applications' };
      case 'GET /applications/{id}':
        return { path: `/applications/${objects.caseId}` };
      case 'POST /applications/{id}/rating':
        return { path: `/applications/${objects.caseId}/rating`, body: { score: 5 } };
      case 'POST /applications/{id}/resubmit':
        return { path: `/applications/${objects.caseId}/resubmit`, body: {} };
      case 'POST /tasks/{id}/decision':
        return {
          path: `/tasks/${objects.taskId}/decision`,
          body: { outcome: 'approve', amountFen: 100_000 },
        };
      case 'GET /calendar/{year}':
        return { path: '/calendar/2026' };
      case 'PUT /calendar/{year}':
        return {
          path: '/calendar/2027',
          body: { holidays: [{ date: '2027-01-01', name: '元旦' }], makeupWorkdays: [] },
        };
      case 'POST /applications/{id}/objections':
        return {
          path: `/applications/${objects.caseId}/objections`,
          body: { reason: '该企业去年已停产，不应享受' },
        };
      case 'PUT /blacklist/{uscc}':
        return { path: `/blacklist/${listedEnterprise}`, body: { reason: '列入严重失信主体名单' } };
      case 'DELETE /blacklist/{uscc}':
        return { path: `/blacklist/${listedEnterprise}` };
      case 'POST /budgets/allocations':
        return {
          path: '/budgets/allocations',
          body: { policyId: objects.autoPolicyId, year, amountFen: 100_000, ref: `matrix-${caller}` },
        };
      case 'GET /budgets':
        return { path: `/budgets?policyId=${objects.autoPolicyId}&year=${year}` };
      case 'POST /whitelist-batches':
        return {
          path: '/whitelist-batches',
          body: {
            policyId: objects.autoPolicyId,
            batchRef: `matrix-${caller}`,
            entries: [whitelistEntry(otherEnterprise)],
          },
        };
      case 'GET /whitelist-batches/{id}':
        return { path: `/whitelist-batches/${objects.batchId}` };
      case 'POST /payments/{id}/release':
        return { path: `/payments/${objects.releasePaymentId}/release`, body: { reason: '复核后放行' } };
      case 'POST /payments/{id}/reject':
        return { path: `/payments/${objects.rejectPaymentId}/reject`, body: { reason: '复核后拒付' } };
      case 'GET /audit/{entityType}/{id}':
        return { path: `/audit/case/${objects.caseId}` };
      case 'POST /reconciliations': {
        const today = shanghaiDate(new Date());
        return { path: '/reconciliations', body: { from: today, to: today } };
      }
      case 'GET /reconciliations/{id}':
      case 'GET /reconciliations/{id}/report.csv':
      case 'GET /reconciliations/{id}/report.xlsx':
        return { path: route.split(' ')[1]?.replace('{id}', objects.reconciliationId) ?? '' };
      case 'POST /reconciliations/{id}/discrepancies/{seq}/resolve':
        return {
          path: `/reconciliations/${objects.reconciliationId}/discrepancies/1/resolve`,
          body: { note: '已与银行核实' },
        };
      case 'POST /settlements':
        return { path: '/settlements', body: { policyId: SETTLED_POLICY, year: year - 1 } };
      case 'GET /settlements/{year}':
      case 'GET /settlements/{year}/statement.csv':
        return { path: route.split(' ')[1]?.replace('{year}', String(year)) ?? '' };
      default:
        return { path: route.split(' ')[1] ?? '' };
    }
  }

  it('covers exactly the routes the template deploys, as the served OpenAPI document describes them', async () => {
    const deployed = local.platform.assembly.routes.map((r) => r.routeKey).sort();
    expect(MATRIX.map(([route]) => route).sort()).toEqual(deployed);
    const openApi = await local.call('GET', '/openapi.json');
    expect(openApi.body.openapi).toBe('3.1.0');
    const described = Object.entries(openApi.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(described).toEqual(deployed);
  });

  // Strangers go first, so the owner's writes (a decision, a publication) cannot mask what a stranger may do.
  const order = [...CALLERS].sort((a, b) => Number(a.endsWith('o')) - Number(b.endsWith('o')));

  for (const [route, ...statuses] of MATRIX) {
    it(`${route}`, async () => {
      const actual: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const caller of order) {
        const { path, body } = requestFor(route, caller);
        const response = await local.call(route.split(' ')[0] ?? 'GET', path, {
          token: tokens[caller],
          body,
        });
        actual[caller] = response.status;
        expected[caller] = statuses[CALLERS.indexOf(caller)] ?? 0;
        // A refusal by a function carries the error envelope; a 401 comes from the gateway's JWT authorizer,
        // whose body API Gateway fixes.
        if (response.status === 401) expect(response.body).toEqual({ message: 'Unauthorized' });
        else if (response.status >= 400) expect(response.body.error.code).toEqual(expect.any(String));
      }
      expect(actual).toEqual(expected);
    });
  }
});
