// Every route of the contract × every object it serves × every kind of caller, against the real functions: each
// cell's expected status comes from the written rules (test/support/authorization-rules.ts), not from the code.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../infra/local/loopback.ts';
import { API_ROUTES } from '../../shared/api/contract.ts';
import { shanghaiDate } from '../../shared/dates.ts';
import { authorizationMatrix, type Caller, type Cell, roleOf } from '../support/authorization-matrix.ts';
import { AUTHORIZATION_RULES, REQUIRED_OBJECTS } from '../support/authorization-rules.ts';
import { bootPlatform, enterpriseProfile, eventually, type TestPlatform } from '../support/platform.ts';
import { validUscc } from '../support/uscc.ts';

const year = Number(shanghaiDate(new Date()).slice(0, 4));

/** A whitelist line for an enterprise, in its own name and account. */
const whitelistEntry = (uscc: string) => {
  const { name, bankAccount } = enterpriseProfile(uscc);
  return { uscc, enterpriseName: name, ...bankAccount, amountFen: 10_000 };
};

/** 旅游奖励: its pool of last year is funded only to be settled by the matrix. */
const SETTLED_POLICY = '360728-024';
/** 定南县 is the objects' county; 龙南市 (360727) the other one. */
const FAR = '360727';

const CELLS = authorizationMatrix(API_ROUTES, AUTHORIZATION_RULES, REQUIRED_OBJECTS);

/** The cells of each route and object, in the contract's order; callers who reach the object go last. */
const GROUPS: Cell[][] = [];
for (const cell of CELLS) {
  const last = GROUPS.at(-1);
  if (last?.[0]?.route === cell.route && last[0].object === cell.object) last.push(cell);
  else GROUPS.push([cell]);
}
for (const group of GROUPS) group.sort((a, b) => Number(a.reaches) - Number(b.reaches));

describe('authorization: every route, object and caller, as the rules say', () => {
  let local: TestPlatform;
  const enterprises = {
    owner: validUscc('91360728MA35H0AA1'),
    peer: validUscc('91360728MA35H0AA2'),
    far: validUscc('91360727MA35H0AB1'),
    /** Listed and delisted by the agencies; no case of the matrix involves it. */
    listed: validUscc('91360728MA35H0AA3'),
    /** On the owning agency's list for good: the whitelist pays neither, and a case of the first meets joint review. */
    held: [validUscc('91360728MA35H0AA4'), validUscc('91360728MA35H0AA5')],
    /** Registered in Dingnan, declaring no division: Dingnan's all the same, and nobody else's. */
    undeclared: validUscc('91360728MA35H0AA6'),
    /** Registered by Ganzhou's authority (360700), declaring Dingnan. */
    cityRegistered: validUscc('91360700MA35H0AA7'),
    /** Never registered, paid from a whitelist into accounts the (simulated) bank returns as closed. */
    returned: [validUscc('91360728MA35H0AA8'), validUscc('91360728MA35H0AA9')],
  };
  const tokens = new Map<string, string>();
  const objects = {
    caseId: '',
    taskId: '',
    agencyTaskId: '',
    draftPolicyId: '',
    hiddenDraftId: '',
    autoPolicyId: '',
    batchId: '',
    releasePaymentId: '',
    rejectPaymentId: '',
    retryPaymentId: '',
    cancelPaymentId: '',
    reconciliationId: '',
    bankFileId: 'PF-360728-MATRIX',
  };
  /** The enterprise whose payment the payment's audit trail is. */
  let paidEnterprise = '';
  let guideOf020: Record<string, unknown>;
  let seq = 200;
  let asserted = 0;

  /** The token of a caller; the owning enterprise is the object's own (`enterprise` given). */
  const tokenOf = async (caller: Caller, enterprise?: string): Promise<string | undefined> => {
    if (caller === 'anonymous') return undefined;
    const key = caller === 'enterprise:owner' && enterprise ? `enterprise:${enterprise}` : caller;
    const known = tokens.get(key);
    if (known) return known;
    const minted = await (caller === 'enterprise:owner' && enterprise
      ? local.token('enterprise', enterprise)
      : mintFor(caller));
    tokens.set(key, minted);
    return minted;
  };
  const mintFor = (caller: Caller): Promise<string> => {
    switch (caller) {
      case 'enterprise:owner':
        return local.token('enterprise', enterprises.owner);
      case 'enterprise:peer':
        return local.token('enterprise', enterprises.peer);
      case 'enterprise:far':
        return local.token('enterprise', enterprises.far);
      case 'window:same':
        return local.token('window', 'window-01');
      case 'window:far':
        return local.token('window', 'window-longnan-01', FAR);
      // The owning department and agency are their units' heads, so the escalation lists have owners too.
      case 'department:owner':
        return local.headToken('department', '360728-wgxlj');
      case 'department:peer':
        return local.token('department', '360728-swj');
      case 'department:far':
        return local.token('department', '360727-swj', FAR);
      case 'agency:owner':
        return local.headToken('agency', '360728-credit');
      case 'agency:peer':
        return local.token('agency', '360728-safety');
      case 'agency:far':
        return local.token('agency', '360727-credit', FAR);
      case 'payer:same':
        return local.token('payer', 'payer-dingnan');
      case 'payer:far':
        return local.token('payer', 'payer-longnan', FAR);
      case 'finance:same':
        return local.token('finance', 'finance-dingnan');
      case 'finance:far':
        return local.token('finance', 'finance-longnan', FAR);
      case 'admin:same':
        return local.token('admin', 'admin-dingnan');
      case 'admin:far':
        return local.token('admin', 'admin-longnan', FAR);
      case 'anonymous':
        throw new Error('the anonymous caller has no token');
    }
  };
  /** A call that must succeed: the fixtures are built through the API, as the people concerned would build them. */
  const as = async (caller: Caller, method: string, path: string, body?: unknown) => {
    const response = await local.call(method, path, { token: await tokenOf(caller), body });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const openTaskOf = (caller: Caller, caseId: string) =>
    eventually(async () => {
      const open = await local.call('GET', '/tasks', { token: await tokenOf(caller) });
      const found = open.body.items.find((t: { caseId: string }) => t.caseId === caseId);
      if (!found) throw new Error('task not open yet');
      return found.id as string;
    });

  beforeAll(async () => {
    local = await bootPlatform();
    // Prepare: the enterprises, each registered by itself, and the owning agency's list, so the whitelist is held
    // and a case of a listed enterprise meets joint review.
    await Promise.all([
      local.registerEnterprise(enterprises.owner),
      local.registerEnterprise(enterprises.peer),
      local.registerEnterprise(enterprises.far),
      local.registerEnterprise(enterprises.held[0] as string),
      local.registerEnterprise(enterprises.cityRegistered, { divisionCode: '360728' }),
      (async () => {
        const { divisionCode: _none, ...undeclared } = enterpriseProfile(enterprises.undeclared);
        const token = await local.token('enterprise', enterprises.undeclared);
        await local.call('PUT', '/enterprises/me', { token, body: undeclared });
      })(),
      ...enterprises.held.map((uscc) =>
        as('agency:owner', 'PUT', `/blacklist/${uscc}`, { reason: '列入严重失信主体名单' }),
      ),
    ]);
    // The objects are independent of each other, so they are made side by side.
    await Promise.all([
      prepareCases(),
      preparePolicies().then(preparePayments),
      prepareReconciliation(),
      prepareBankFile(),
    ]);
    await seedStuckCase(objects.caseId);
  });
  afterAll(async () => {
    await local?.stop();
  });

  /** A case of the owning enterprise waiting for the owning department, and one of a listed enterprise for the agency. */
  async function prepareCases() {
    const filed = await as('enterprise:owner', 'POST', '/applications', { policyId: '360728-020' });
    objects.caseId = filed.id;
    const listedCase = await local.call('POST', '/applications', {
      token: await local.token('enterprise', enterprises.held[0] as string),
      body: { policyId: '360728-021' },
    });
    [objects.taskId, objects.agencyTaskId] = await Promise.all([
      openTaskOf('department:owner', objects.caseId),
      openTaskOf('agency:owner', listedCase.body.id),
    ]);
  }

  /** Two drafts (one to publish, one nobody sees) and the owning department's own `auto` policy, funded. */
  async function preparePolicies() {
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
    const draftOf = async (draftSeq: number, overrides: Record<string, unknown> = {}) =>
      (
        await as('admin:same', 'POST', '/policies', {
          ...guide,
          ...overrides,
          seq: draftSeq,
          departmentId: '360728-wgxlj',
        })
      ).id as string;
    [objects.draftPolicyId, objects.hiddenDraftId, objects.autoPolicyId] = await Promise.all([
      draftOf(199),
      draftOf(197),
      draftOf(198, { mode: 'auto' }),
    ]);
    await as('admin:same', 'POST', `/policies/${objects.autoPolicyId}/status`, {
      status: 'published',
      reason: '发布',
    });
    await Promise.all([
      as('finance:same', 'POST', '/budgets/allocations', {
        policyId: objects.autoPolicyId,
        year,
        amountFen: 1_000_000,
        ref: 'matrix-setup',
      }),
      // A pool of its own for settlement, so settling it leaves the payments untouched.
      as('finance:same', 'POST', '/budgets/allocations', {
        policyId: SETTLED_POLICY,
        year: year - 1,
        amountFen: 1_000,
        ref: 'matrix-settlement',
      }),
    ]);
  }

  /** A whitelist of the two listed enterprises: both payments wait, held, for the payer. */
  async function preparePayments() {
    const batch = await as('department:owner', 'POST', '/whitelist-batches', {
      policyId: objects.autoPolicyId,
      batchRef: 'matrix-setup',
      entries: enterprises.held.map(whitelistEntry),
    });
    objects.batchId = batch.id;
    const held = await eventually(async () => {
      const list = await as('payer:same', 'GET', `/payments?batchId=${objects.batchId}&status=held`);
      if (list.items.length < 2) throw new Error('not held yet');
      return list.items as { id: string; uscc: string }[];
    });
    objects.releasePaymentId = held[0]?.id ?? '';
    objects.rejectPaymentId = held[1]?.id ?? '';
    paidEnterprise = held[0]?.uscc ?? '';

    // Accounts ending 4040 are returned by the simulated bank: two payments for the payer to retry or cancel.
    const returnedBatch = await as('department:owner', 'POST', '/whitelist-batches', {
      policyId: objects.autoPolicyId,
      batchRef: 'matrix-returned',
      entries: enterprises.returned.map((uscc, n) => ({
        ...whitelistEntry(uscc),
        accountNo: `62220000000000${n}4040`,
      })),
    });
    const returned = await eventually(async () => {
      const list = await as('payer:same', 'GET', `/payments?batchId=${returnedBatch.id}&status=returned`);
      if (list.items.length < 2) throw new Error('not returned yet');
      return list.items as { id: string }[];
    });
    objects.retryPaymentId = returned[0]?.id ?? '';
    objects.cancelPaymentId = returned[1]?.id ?? '';
  }

  /**
   * A payment file of Dingnan's, as the sweep leaves it at a cut-off: its record and its bytes. (The matrix's platform
   * pays through the simulated bank, which makes none.)
   */
  async function prepareBankFile() {
    const fundPool = local.platform.assembly.functions.find((f) => f.name.startsWith('FundPool'));
    const bucket = fundPool?.environment.BANK_FILES_BUCKET ?? '';
    const objectKey = `outbox/360728/${objects.bankFileId}/PAY.csv`;
    const s3 = new S3Client({
      endpoint: local.platform.endpoints.s3,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
      forcePathStyle: true,
    });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: objectKey, Body: '业务参考号,金额\r\n' }));
    s3.destroy();
    const createdAt = new Date().toISOString();
    await local.putItem(local.ledgerTable, {
      pk: `BANKFILE#${objects.bankFileId}`,
      sk: 'FILE',
      gsi2pk: 'BANKFILES#360728#payment',
      gsi2sk: `${createdAt}#${objects.bankFileId}`,
      id: objects.bankFileId,
      kind: 'payment',
      status: 'ready',
      divisionCode: '360728',
      fileName: 'PAY.csv',
      contentType: 'text/csv; charset=utf-8',
      objectKey,
      digest: 'matrix',
      lines: 1,
      amountFen: 100,
      createdAt,
    });
  }

  /** Today's statement gets a line the platform never paid, so finance's reconciliation has a discrepancy to resolve. */
  async function prepareReconciliation() {
    await local.seedStatementLine({
      paymentId: 'wl-matrix-stranger-00001',
      accountNo: '6228489999990002',
      accountName: '陌生企业',
      amountFen: 100,
    });
    const today = shanghaiDate(new Date());
    objects.reconciliationId = (
      await as('finance:same', 'POST', '/reconciliations', { from: today, to: today })
    ).id;
    await eventually(async () => {
      const report = await as('finance:same', 'GET', `/reconciliations/${objects.reconciliationId}`);
      if (report.status !== 'done') throw new Error('not reconciled yet');
    }, 60_000);
  }

  /**
   * The chain watch records a case whose execution cannot carry it on; one is recorded here as it would, so the
   * admins' list has something to show or hide (the case's own chain runs, so redriving it is still refused).
   */
  async function seedStuckCase(caseId: string) {
    const casesTable = local.platform.assembly.functions.find((f) => f.name.startsWith('ChainWatch'))
      ?.environment.CASES_TABLE;
    const at = new Date().toISOString();
    await local.putItem(casesTable ?? '', {
      pk: 'STUCK',
      sk: `360728#${caseId}`,
      caseId,
      divisionCode: '360728',
      status: 'in_review',
      executionStatus: 'FAILED',
      reason: '审批流程出错：States.TaskFailed',
      since: at,
      checkedAt: at,
    });
  }

  /** The USCC a caller acts as or for, in bodies that name one. */
  const usccOf = (caller: Caller) =>
    caller === 'enterprise:owner'
      ? enterprises.owner
      : caller === 'enterprise:far'
        ? enterprises.far
        : enterprises.peer;

  /** The object's own enterprise, when the object has one the matrix's owner is not. */
  function enterpriseOf(route: string, object: string): string | undefined {
    if (route !== 'GET /audit/{entityType}/{id}') return undefined;
    if (object === 'payment') return paidEnterprise;
    if (object === 'blacklist') return enterprises.held[0];
    return undefined;
  }

  /** The id a listing route must show, or hide, for the object. */
  function listedIdOf(
    route: string,
    object: string,
  ): { id: string; of: (item: Record<string, string>) => string } {
    switch (route) {
      case 'GET /applications':
        return { id: objects.caseId, of: (item) => item.id ?? '' };
      case 'GET /tasks':
        return { id: object === 'task' ? objects.taskId : objects.agencyTaskId, of: (item) => item.id ?? '' };
      case 'GET /blacklist':
        return { id: enterprises.held[0] as string, of: (item) => item.uscc ?? '' };
      case 'GET /payments':
        return { id: objects.releasePaymentId, of: (item) => item.id ?? '' };
      case 'GET /cases/stuck':
        return { id: objects.caseId, of: (item) => item.caseId ?? '' };
      case 'GET /policy-drafts':
        return { id: objects.hiddenDraftId, of: (item) => item.id ?? '' };
      case 'GET /reconciliations':
        return { id: objects.reconciliationId, of: (item) => item.id ?? '' };
      case 'GET /bank-files':
        return { id: objects.bankFileId, of: (item) => item.id ?? '' };
      default:
        throw new Error(`${route}: no listing known to the matrix`);
    }
  }

  /** The request of a cell: the path with the object filled in, and a body valid for the route. */
  function requestFor(route: string, object: string, caller: Caller): { path: string; body?: unknown } {
    const role = roleOf(caller);
    switch (route) {
      case 'GET /policies/{id}':
        return { path: `/policies/${object === 'draft' ? objects.hiddenDraftId : '360728-020'}` };
      case 'GET /policies/{id}/versions/{version}':
        return { path: `/policies/${object === 'draft' ? objects.hiddenDraftId : '360728-020'}/versions/1` };
      case 'POST /policies':
        return { path: '/policies', body: { ...guideOf020, seq: seq++, departmentId: '360728-wgxlj' } };
      case 'PUT /policies/{id}':
        return { path: '/policies/360728-020', body: guideOf020 };
      case 'POST /policies/{id}/status':
        return {
          path: `/policies/${objects.draftPolicyId}/status`,
          body: { status: 'published', reason: '发布' },
        };
      case 'GET /calendar/{year}':
        return { path: '/calendar/2026' };
      case 'PUT /calendar/{year}':
        return {
          path: '/calendar/2027',
          body: { holidays: [{ date: '2027-01-01', name: '元旦' }], makeupWorkdays: [] },
        };
      case 'PUT /enterprises/me':
        return { path: '/enterprises/me', body: enterpriseProfile(usccOf(caller)) };
      case 'GET /enterprises/{uscc}': {
        const uscc = {
          'enterprise:declared': enterprises.owner,
          'enterprise:undeclared': enterprises.undeclared,
          'enterprise:city-registered': enterprises.cityRegistered,
        }[object];
        return { path: `/enterprises/${uscc}` };
      }
      case 'POST /materials':
        return {
          path: '/materials',
          body: {
            fileName: '申请表.pdf',
            contentType: 'application/pdf',
            sizeBytes: 1024,
            ...(role === 'window' ? { onBehalfOf: enterprises.owner } : {}),
          },
        };
      case 'POST /applications': {
        // A first application each time: enterprises for themselves, window staff for the peer enterprise.
        const policyId =
          role === 'enterprise' ? '360728-021' : caller === 'window:same' ? '360728-022' : '360728-023';
        return {
          path: '/applications',
          body: { policyId, ...(role === 'window' ? { onBehalfOf: enterprises.peer } : {}) },
        };
      }
      case 'GET /applications':
        return { path: role === 'window' ? `/applications?uscc=${enterprises.owner}` : '/applications' };
      case 'GET /applications/{id}':
        return { path: `/applications/${objects.caseId}` };
      case 'GET /applications/{id}/materials':
        return { path: `/applications/${objects.caseId}/materials` };
      case 'POST /applications/{id}/resubmit':
        return { path: `/applications/${objects.caseId}/resubmit`, body: {} };
      case 'POST /applications/{id}/rating':
        return { path: `/applications/${objects.caseId}/rating`, body: { score: 5 } };
      case 'POST /applications/{id}/redrive':
        return {
          path: `/applications/${objects.caseId}/redrive`,
          body: { reason: '审批流程中断，恢复办理' },
        };
      case 'POST /applications/{id}/objections':
        return {
          path: `/applications/${objects.caseId}/objections`,
          body: { reason: '该企业去年已停产，不应享受' },
        };
      case 'POST /tasks/{id}/decision':
        return object === 'task'
          ? { path: `/tasks/${objects.taskId}/decision`, body: { outcome: 'approve', amountFen: 100_000 } }
          : { path: `/tasks/${objects.agencyTaskId}/decision`, body: { outcome: 'approve' } };
      case 'PUT /blacklist/{uscc}':
        return { path: `/blacklist/${enterprises.listed}`, body: { reason: '列入严重失信主体名单' } };
      case 'DELETE /blacklist/{uscc}':
        return { path: `/blacklist/${enterprises.listed}` };
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
            entries: [whitelistEntry(enterprises.peer)],
          },
        };
      case 'POST /whitelist-batches/check':
        return {
          path: '/whitelist-batches/check',
          body: {
            policyId: objects.autoPolicyId,
            batchRef: `matrix-check-${caller}`,
            entries: [whitelistEntry(enterprises.peer)],
          },
        };
      case 'GET /whitelist-batches/{id}':
        return { path: `/whitelist-batches/${objects.batchId}` };
      case 'GET /payments':
        return { path: `/payments?batchId=${objects.batchId}` };
      case 'POST /payments/{id}/release':
        return { path: `/payments/${objects.releasePaymentId}/release`, body: { reason: '复核后放行' } };
      case 'POST /payments/{id}/reject':
        return { path: `/payments/${objects.rejectPaymentId}/reject`, body: { reason: '复核后拒付' } };
      case 'POST /payments/{id}/retry':
        return {
          path: `/payments/${objects.retryPaymentId}/retry`,
          body: { reason: '银行账户已恢复，重新兑付' },
        };
      case 'POST /payments/{id}/cancel':
        return {
          path: `/payments/${objects.cancelPaymentId}/cancel`,
          body: { reason: '企业已注销，取消兑付' },
        };
      case 'GET /bank-files':
        return { path: '/bank-files?kind=payment' };
      case 'GET /bank-files/{id}/content':
        return { path: `/bank-files/${objects.bankFileId}/content` };
      case 'POST /bank-files':
        return {
          path: '/bank-files',
          body: {
            kind: 'result',
            fileName: 'RESULT.csv',
            contentBase64: Buffer.from('x').toString('base64'),
          },
        };
      case 'POST /reconciliations': {
        const today = shanghaiDate(new Date());
        return { path: '/reconciliations', body: { from: today, to: today } };
      }
      case 'GET /reconciliations':
        return { path: '/reconciliations' };
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
      case 'GET /audit/{entityType}/{id}': {
        const [entityType] = object.split(':');
        const id = {
          policy: '360728-020',
          enterprise: enterprises.owner,
          case: objects.caseId,
          task: object === 'task' ? objects.taskId : objects.agencyTaskId,
          calendar: '2027',
          blacklist: `360728-credit:${enterprises.held[0]}`,
          payment: objects.releasePaymentId,
          reconciliation: `${objects.reconciliationId}#1`,
        }[entityType ?? ''];
        if (!id) throw new Error(`no audited object of type ${entityType} in the matrix`);
        return { path: `/audit/${entityType}/${encodeURIComponent(id)}` };
      }
      default: {
        const path = route.split(' ')[1] ?? '';
        if (path.includes('{')) throw new Error(`${route}: the matrix has no object to call it on`);
        return { path };
      }
    }
  }

  it('covers exactly the routes the template deploys, as the served OpenAPI document describes them', async () => {
    const deployed = local.platform.assembly.routes.map((r) => r.routeKey).sort();
    expect([...new Set(CELLS.map((cell) => cell.route))].sort()).toEqual(deployed);
    const openApi = await local.call('GET', '/openapi.json');
    expect(openApi.body.openapi).toBe('3.1.0');
    const described = Object.entries(openApi.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(described).toEqual(deployed);
  });

  /** One cell: the caller's request, and what came back in the terms of the rules. */
  async function run(cell: Cell): Promise<Record<string, unknown>> {
    const { route, object, caller } = cell;
    // Act
    const { path, body } = requestFor(route, object, caller);
    const response = await local.call(route.split(' ')[0] ?? 'GET', path, {
      token: await tokenOf(caller, enterpriseOf(route, object)),
      body,
    });
    // Assess: a refusal by a function carries the error envelope; a 401 comes from the gateway's JWT authorizer,
    // whose body API Gateway fixes.
    if (response.status === 401) expect(response.body).toEqual({ message: 'Unauthorized' });
    else if (response.status >= 400) expect(response.body.error.code).toEqual(expect.any(String));
    asserted++;
    if (cell.expected.listed === undefined || response.status !== 200) return { status: response.status };
    const listing = listedIdOf(route, object);
    const ids = (response.body.items as Record<string, string>[]).map(listing.of);
    return { status: response.status, listed: ids.includes(listing.id) };
  }

  for (const group of GROUPS) {
    const [{ route, object } = {} as Cell] = group;
    it(`${route} on ${object}`, async () => {
      // Reads change nothing, so their callers go at once; writes go one by one, the callers who reach the object last.
      const seen: Record<string, unknown>[] = [];
      if (route.startsWith('GET ')) seen.push(...(await Promise.all(group.map(run))));
      else for (const cell of group) seen.push(await run(cell));
      const actual = Object.fromEntries(group.map((cell, i) => [cell.caller, seen[i]]));
      const expected = Object.fromEntries(group.map((cell) => [cell.caller, cell.expected]));
      expect(actual).toEqual(expected);
    });
  }

  it('asserted every cell the rules generate', () => {
    console.info(
      `authorization matrix: ${asserted} cells asserted over ${GROUPS.length} route × object pairs`,
    );
    expect(asserted).toBe(CELLS.length);
  });
});
